package dev.foreman.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./foreman dev} as a developer runs it: the devstack's executable jar in a process of its
 * own, stopped with SIGTERM (what Ctrl-C's SIGINT and {@code docker stop} do alike). The services
 * must stop before the infrastructure they drain into, so the log of a clean stop has no errors.
 */
class DevstackStopIT {
    private static final Duration START_PATIENCE = Duration.ofMinutes(3);
    private static final Duration STOP_PATIENCE = Duration.ofMinutes(1);

    @TempDir
    Path data;

    @Test
    void sigtermStopsTheServicesBeforeTheInfrastructureWithoutAnErrorLine() throws Exception {
        Path log = data.resolve("devstack.log");
        Process devstack = new ProcessBuilder(command(data.resolve("state")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await("the devstack's banner")
                    .atMost(START_PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !devstack.isAlive() || Files.readString(log).contains("Foreman devstack is up"));
            assertThat(devstack.isAlive())
                    .as("the devstack died while starting:\n%s", tail(log))
                    .isTrue();
            int upTo = Files.readAllLines(log).size();

            long stopping = System.nanoTime();
            devstack.destroy();
            boolean stopped = devstack.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Duration stop = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(stopped)
                    .as("the devstack stopped within %s of SIGTERM", STOP_PATIENCE)
                    .isTrue();
            List<String> afterStop = Files.readAllLines(log).stream().skip(upTo).toList();
            // The figure for docs/operations.md; a speed target is measured, never asserted.
            System.out.printf(
                    "devstack stopped %d ms after SIGTERM; its stop logged:%n%s%n",
                    stop.toMillis(), String.join("\n", afterStop));
            assertThat(afterStop)
                    .as("log lines of a stop that took %d ms", stop.toMillis())
                    .noneMatch(line -> line.contains(" ERROR ") || line.contains("Exception"))
                    .anyMatch(line -> line.contains("Graceful shutdown complete"));
        } finally {
            devstack.destroyForcibly();
        }
    }

    private static List<String> command(Path dataDirectory) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx768m",
                "-XX:TieredStopAtLevel=1",
                "-Dforeman.devstack.dir=" + dataDirectory,
                "-Dforeman.devstack.postgres-port=0",
                "-Dforeman.devstack.kafka-port=0",
                "-Dforeman.devstack.redis-port=0",
                "-Dforeman.devstack.api-port=0",
                "-Dforeman.devstack.worker-port=0",
                "-Dforeman.devstack.scheduler-port=0",
                "-Dforeman.devstack.target-port=0",
                "-jar"));
        command.add(execJar().toString());
        command.add("dev");
        return command;
    }

    /** The jar {@code package} built before failsafe runs. */
    private static Path execJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "foreman-devstack-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("No target/foreman-devstack-*-exec.jar: run the package phase first");
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
