package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus' own {@code promtool} on the alert rules the compose stack loads:
 * {@code check rules} (they parse, their templates compile) and {@code test rules} (the unit tests
 * in deployments/prometheus/tests see each alert fire and stay silent as expected). promtool comes
 * from Debian's {@code prometheus} package: when it is missing and the build runs as root, this test
 * installs it with apt-get, as .ci/run does; otherwise it fails, saying how to install it. It never
 * skips. {@code PROMTOOL=/path/to/promtool} picks another one.
 */
class PromtoolRulesTest {
    private static final Path PROMETHEUS = Files.DEPLOYMENTS.resolve("prometheus");
    private static final Duration LIMIT = Duration.ofMinutes(10);

    @Test
    void everyRulesFileIsValidForPrometheus() throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool(), "check", "rules"));
        relative(AlertRulesTest.yamlFiles(PROMETHEUS.resolve("rules"))).forEach(command::add);
        assertSucceeds(command);
    }

    @Test
    void everyAlertFiresAndStaysSilentAsItsUnitTestsExpect() throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool(), "test", "rules"));
        relative(AlertRulesTest.yamlFiles(PROMETHEUS.resolve("tests"))).forEach(command::add);
        assertSucceeds(command);
    }

    private static Stream<String> relative(List<Path> files) {
        return files.stream().map(file -> PROMETHEUS.relativize(file).toString());
    }

    private static void assertSucceeds(List<String> command) throws IOException, InterruptedException {
        Result result = run(command, Map.of());
        assertThat(result.exitCode())
                .as("%s failed:%n%s", String.join(" ", command), result.output())
                .isZero();
    }

    /** promtool's path, installed from Debian's prometheus package first if need be and possible. */
    private static synchronized String promtool() throws IOException, InterruptedException {
        Optional<String> found = find();
        if (found.isEmpty() && runsAsRoot()) {
            Map<String, String> noninteractive = Map.of("DEBIAN_FRONTEND", "noninteractive");
            run(List.of("apt-get", "update", "-qq"), noninteractive);
            Result install = run(
                    List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "prometheus"),
                    noninteractive);
            found = find();
            if (found.isEmpty()) {
                fail("promtool is missing and `apt-get install prometheus` did not install it:%n%s", install.output());
            }
        }
        return found.orElseThrow(() -> new AssertionError(
                "promtool is not installed (looked at $PROMTOOL and on the PATH) and this build does not run as root"
                        + " to install it: run `sudo apt-get install --no-install-recommends prometheus` (Debian's"
                        + " package ships promtool), or set PROMTOOL to a promtool binary."));
    }

    private static Optional<String> find() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/local/bin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(java.nio.file.Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    private static boolean runsAsRoot() throws IOException, InterruptedException {
        Result id = run(List.of("id", "-u"), Map.of());
        return id.exitCode() == 0 && id.output().trim().equals("0");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path log = java.nio.file.Files.createTempFile("promtool", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(PROMETHEUS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %s:%n%s", String.join(" ", command), LIMIT, Files.read(log));
        }
        String output = Files.read(log);
        java.nio.file.Files.deleteIfExists(log);
        return new Result(process.exitValue(), output);
    }
}
