package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.deployments.Dockerfile.Instruction;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules every service image keeps (issue #18), read from each {@code <service>/Dockerfile}
 * since no Docker engine is at hand: a Maven wrapper build stage on a JDK and a run stage on a JRE
 * 25, Spring Boot's jar layers copied in order, a training run that builds the JDK's AOT cache,
 * a non-root user, a health check on the readiness probe, the heap sized from the container's memory,
 * and a {@code .dockerignore} that keeps build output out but every module's pom in.
 */
class DockerfileRulesTest {
    private static final Map<String, Integer> PORTS =
            Map.of("api-service", 8080, "worker-service", 8081, "scheduler-service", 8082);
    private static final Pattern TEMURIN =
            Pattern.compile("eclipse-temurin:(\\d+)-(jdk|jre)(-[a-z]+)?(\\s+AS\\s+\\w+)?");
    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    static Stream<String> services() {
        return ServiceSettings.SERVICES.stream();
    }

    @ParameterizedTest
    @MethodSource("services")
    void buildsWithTheWrapperOnAJdkAndRunsOnAJre25(String service) {
        Dockerfile dockerfile = dockerfile(service);
        List<Instruction> froms = dockerfile.all("FROM");
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.getFirst().arguments())
                .matches(TEMURIN)
                .endsWith(" AS build")
                .contains("-jdk");
        Matcher run = TEMURIN.matcher(froms.getLast().arguments());
        assertThat(run.matches())
                .as("run stage on eclipse-temurin: %s", froms.getLast().arguments())
                .isTrue();
        assertThat(run.group(2)).isEqualTo("jre");
        // -XX:AOTCacheOutput (a one-step training run) is JDK 25's.
        assertThat(Integer.parseInt(run.group(1))).isGreaterThanOrEqualTo(25);
        assertThat(dockerfile.inStage(0, "RUN"))
                .anySatisfy(step -> assertThat(step.arguments())
                        .contains("./mvnw", "package", "-pl " + service + " -am", "-DskipTests")
                        .contains("-Djarmode=tools", "extract --layers"));
        assertThat(dockerfile.all("ADD")).isEmpty();
        froms.forEach(from -> assertThat(from.arguments()).doesNotContain(":latest"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void copiesTheJarLayersFromLeastToMostOftenChanged(String service) {
        Dockerfile dockerfile = dockerfile(service);
        List<String> copies = dockerfile.inStage(dockerfile.lastStage(), "COPY").stream()
                .map(Instruction::arguments)
                .toList();
        assertThat(copies)
                .containsExactlyElementsOf(LAYERS.stream()
                        .map(layer -> "--from=build /extracted/" + layer + "/ ./")
                        .toList());
    }

    @ParameterizedTest
    @MethodSource("services")
    void buildsTheAotCacheInATrainingRunAndStartsWithIt(String service) {
        Dockerfile dockerfile = dockerfile(service);
        int run = dockerfile.lastStage();
        Instruction training = dockerfile.inStage(run, "RUN").stream()
                .filter(step -> step.arguments().contains("-XX:AOTCacheOutput=app.aot"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no AOT training run"));
        assertThat(training.arguments()).contains("-Dspring.context.exit=onRefresh", "-jar app.jar");
        Instruction lastCopy = dockerfile.inStage(run, "COPY").getLast();
        assertThat(dockerfile.indexOf(training))
                .as("trains on the copied jars")
                .isGreaterThan(dockerfile.indexOf(lastCopy));
        assertThat(entrypoint(dockerfile))
                .startsWith("[\"java\"")
                .contains("\"-XX:AOTCache=app.aot\"", "\"-XX:MaxRAMPercentage=", "\"-jar\", \"app.jar\"");
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsAsAUserItCreatesNotRoot(String service) {
        Dockerfile dockerfile = dockerfile(service);
        int run = dockerfile.lastStage();
        List<Instruction> users = dockerfile.inStage(run, "USER");
        assertThat(users).hasSize(1);
        String user = users.getFirst().arguments().split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(dockerfile.inStage(run, "RUN"))
                .anySatisfy(
                        step -> assertThat(step.arguments()).contains("useradd").contains(user));
        Instruction entrypoint = dockerfile.inStage(run, "ENTRYPOINT").getFirst();
        assertThat(dockerfile.indexOf(users.getFirst())).isLessThan(dockerfile.indexOf(entrypoint));
    }

    @ParameterizedTest
    @MethodSource("services")
    void checksHealthOnTheReadinessProbeOfItsPort(String service) {
        // The api-service's actuator lives on its management port; /readyz answers on the API port.
        Dockerfile dockerfile = dockerfile(service);
        int port = PORTS.get(service);
        assertThat(dockerfile.all("HEALTHCHECK"))
                .singleElement()
                .satisfies(check ->
                        assertThat(check.arguments()).contains("CMD", readinessPath(service), "${SERVER_PORT}"));
        assertThat(dockerfile.all("ENV")).extracting(Instruction::arguments).contains("SERVER_PORT=" + port);
        assertThat(dockerfile.all("EXPOSE")).extracting(Instruction::arguments).containsExactly(String.valueOf(port));
    }

    @Test
    void dockerIgnoreKeepsBuildOutputOutAndEveryModulePomIn() {
        List<String> patterns = Files.read(Files.ROOT.resolve(".dockerignore"))
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        assertThat(patterns).contains(".git", "**/target", ".devstack");
        Pattern module = Pattern.compile("<module>([^<]+)</module>");
        Matcher modules = module.matcher(Files.read(Files.ROOT.resolve("pom.xml")));
        int count = 0;
        while (modules.find()) {
            count++;
            Path pom = Path.of(modules.group(1), "pom.xml");
            assertThat(ignored(patterns, pom)).as("%s reaches the build", pom).isFalse();
            assertThat(ignored(patterns, Path.of(modules.group(1), "target", "x.jar")))
                    .isTrue();
        }
        assertThat(count).isGreaterThanOrEqualTo(3);
    }

    /** Docker's rule: the last matching pattern wins, and a {@code !pattern} lets a path back in. */
    private static boolean ignored(List<String> patterns, Path path) {
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            String glob = exception ? pattern.substring(1) : pattern;
            if (matches(glob, path)) {
                ignored = !exception;
            }
        }
        return ignored;
    }

    private static boolean matches(String glob, Path path) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        // A pattern that matches a folder excludes what is inside it.
        for (Path prefix = path; prefix != null; prefix = prefix.getParent()) {
            if (matcher.matches(prefix)) {
                return true;
            }
        }
        return glob.startsWith("**/") && matches(glob.substring(3), path);
    }

    private static String entrypoint(Dockerfile dockerfile) {
        return dockerfile
                .inStage(dockerfile.lastStage(), "ENTRYPOINT")
                .getFirst()
                .arguments();
    }

    private static Dockerfile dockerfile(String service) {
        return Dockerfile.parse(Files.ROOT.resolve(service).resolve("Dockerfile"));
    }

    private static String readinessPath(String service) {
        return service.equals("api-service") ? "/readyz" : "/actuator/health/readiness";
    }
}
