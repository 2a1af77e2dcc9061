package dev.foreman.common.migrate;

import dev.foreman.common.service.ForemanService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The {@code migrate} mode of every service jar: {@code java -jar <service>.jar migrate} applies the
 * pending Flyway migrations and exits 0 (1 when they fail); {@code migrate --dry-run} prints the
 * pending ones and changes nothing. It reads the service's own settings ({@code <service>.yml},
 * {@code SPRING_DATASOURCE_*}, {@code FOREMAN_DATABASE_*}, {@code spring.flyway.*}) but starts only
 * a data source and Flyway: no web server, Kafka or Redis. It migrates even where the service is told
 * not to ({@code spring.flyway.enabled=false}), which is how a rollout sets the services.
 */
public final class MigrationCommand {
    /** The first argument that selects this mode. */
    public static final String COMMAND = "migrate";

    static final String DRY_RUN = "--dry-run";

    private MigrationCommand() {}

    /** Whether {@code args} (a service's command line) ask for the migrate mode. */
    public static boolean isRequested(String[] args) {
        return args.length > 0 && COMMAND.equals(args[0]);
    }

    /**
     * Runs the migrate mode for {@code application}, a {@link ForemanService} class, and returns the
     * process exit code.
     *
     * @param args the command line: {@code migrate}, optionally {@code --dry-run}, then any Spring
     *     settings ({@code --spring.datasource.url=…})
     */
    public static int run(Class<?> application, String[] args) {
        List<String> settings = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        boolean dryRun = settings.remove(DRY_RUN);
        // Last, so it outranks SPRING_FLYWAY_ENABLED=false in an environment shared with the services.
        settings.add("--spring.flyway.enabled=true");
        settings.add("--" + MigrationConfiguration.DRY_RUN_PROPERTY + "=" + dryRun);

        SpringApplication migration = new SpringApplication(MigrationConfiguration.class);
        migration.setWebApplicationType(WebApplicationType.NONE);
        migration.setBannerMode(Banner.Mode.OFF);
        migration.setDefaultProperties(Map.of("spring.config.name", serviceName(application)));
        try (ConfigurableApplicationContext ignored = migration.run(settings.toArray(String[]::new))) {
            return 0;
        } catch (RuntimeException e) {
            System.err.println("foreman migrate: failed: " + rootMessage(e));
            return 1;
        }
    }

    private static String serviceName(Class<?> application) {
        ForemanService service = AnnotatedElementUtils.findMergedAnnotation(application, ForemanService.class);
        if (service == null) {
            throw new IllegalArgumentException(application.getName() + " is not annotated @ForemanService");
        }
        return service.value();
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
