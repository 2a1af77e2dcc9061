package dev.foreman.worker;

import dev.foreman.common.job.Job;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker as its own operating-system process, started from the executable jar that
 * {@code package} built (failsafe runs after it), against the test infrastructure. Settings go in
 * as environment variables, the way an operator sets them. Its output goes to
 * {@code target/worker-processes/}.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final String hostName;
    private final Path log;

    private WorkerProcess(Process process, String hostName, Path log) {
        this.process = process;
        this.hostName = hostName;
        this.log = log;
    }

    /**
     * Starts a worker whose lease owner begins with {@code hostName}.
     *
     * @param settings environment variables, such as {@code FOREMAN_WORKER_SHUTDOWNGRACE}
     */
    static WorkerProcess start(String hostName, Map<String, String> settings) {
        TestInfrastructure infra = TestInfrastructure.shared();
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("The test JVM does not know its own java command"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar"));
        command.add(execJar().toString());
        try {
            Path log = Files.createDirectories(Path.of("target", "worker-processes"))
                    .resolve(hostName + "-" + System.nanoTime() + ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("SPRING_DATASOURCE_URL", infra.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", infra.username());
            env.put("SPRING_DATASOURCE_PASSWORD", infra.password());
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
            env.put("SERVER_PORT", "0");
            // The worker names its leases after HOSTNAME, so the test can tell whose lease a job holds.
            env.put("HOSTNAME", hostName);
            env.putAll(settings);
            return new WorkerProcess(builder.start(), hostName, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a worker process", e);
        }
    }

    private static Path execJar() {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(Path.of("target"), "foreman-worker-service-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No executable worker jar in target/: run the integration tests with"
                + " 'verify', whose 'package' phase builds it");
    }

    /** Whether this process holds the job's lease. */
    boolean holds(Job job) {
        return job.leaseOwner() != null && job.leaseOwner().startsWith(hostName + "-" + process.pid() + "-");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no hand-back, leases left behind. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** {@code kill -TERM}: the worker shuts down gracefully. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; false if it was still alive after {@code max}. */
    boolean awaitExit(Duration max) {
        try {
            return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where its output went, for a failing test's message. */
    Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
