package dev.foreman.devstack;

import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded development stack: Postgres, Kafka and Redis in this JVM, and (mode {@code dev})
 * the three services as separate Spring contexts, or (mode {@code infra}) only the infrastructure
 * with the settings that let the service jars run as separate processes against it.
 *
 * <p>Postgres data and the dev API key are kept under {@code .devstack/} between restarts. Kafka's
 * data is not: Postgres is the truth, and jobs left queued are published again from it.
 */
public final class Devstack {
    private Devstack() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "dev" : args[0].toLowerCase(Locale.ROOT);
        DevstackSettings settings = DevstackSettings.fromSystemProperties();
        long started = System.nanoTime();

        TestInfrastructure infra = TestInfrastructure.startEmbedded(settings.dataDirectory(), settings.ports());
        infra.migrate();
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "devstack-infra-stop"));

        switch (mode) {
            case "infra" -> {
                String apiKey = devApiKey(settings.dataDirectory());
                System.out.println(
                        Banner.infrastructure(Banner.Addresses.of(infra), settings, apiKey, elapsed(started)));
                Thread.currentThread().join();
            }
            case "dev" -> {
                String apiKey = devApiKey(settings.dataDirectory());
                DevTarget target = DevTarget.start(settings.targetPort());
                RunningServices services = RunningServices.start(
                        infra,
                        new RunningServices.ServicePorts(
                                settings.apiPort(), settings.workerPort(), settings.schedulerPort()),
                        apiKey,
                        Map.of());
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    services.close();
                                    target.close();
                                },
                                "devstack-services-stop"));
                System.out.println(Banner.full(settings, apiKey, target, elapsed(started)));
                Thread.currentThread().join();
            }
            default -> {
                System.err.println("usage: devstack [dev|infra]");
                System.exit(2);
            }
        }
    }

    /** One key per data directory, so the curl lines a developer saved keep working after a restart. */
    private static String devApiKey(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve("api-key");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String key = ApiKeys.newKey();
        Files.createDirectories(dataDirectory);
        Files.writeString(file, key + "\n");
        return key;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
