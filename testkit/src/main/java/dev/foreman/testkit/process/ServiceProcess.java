package dev.foreman.testkit.process;

import dev.foreman.testkit.infra.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Foreman service as its own operating-system process, started from the executable jar that
 * {@code package} built in the module under test (failsafe runs after it), against the shared test
 * infrastructure. Settings go in as environment variables, the way an operator sets them; the test
 * reads the process the way an operator does: its log, its health probe, its metrics. Its output
 * goes to {@code target/<service>-processes/}.
 */
public final class ServiceProcess implements AutoCloseable {
    /** Spring Boot's line once the web server listens; the port is random ({@code SERVER_PORT=0}). */
    private static final Pattern LISTENING = Pattern.compile("Tomcat started on port (\\d+)");

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final String name;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private volatile int port;

    private ServiceProcess(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
    }

    /**
     * Starts {@code target/foreman-<service>-*-exec.jar} wired to the test infrastructure, its web
     * server on a random port and {@code HOSTNAME} set to {@code name} (services name their leases
     * and locks after it).
     *
     * @param service the module, e.g. {@code worker-service}
     * @param settings more environment variables; they win over the infrastructure defaults
     */
    public static ServiceProcess start(String service, String name, Map<String, String> settings) {
        return start(service, name, settings, List.of());
    }

    /**
     * As {@link #start(String, String, Map)}, with command-line arguments after the jar, e.g.
     * {@code migrate --dry-run}.
     */
    public static ServiceProcess start(String service, String name, Map<String, String> settings, List<String> args) {
        TestInfrastructure infra = TestInfrastructure.shared();
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("The test JVM does not know its own java command"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar"));
        command.add(execJar(service).toString());
        command.addAll(args);
        try {
            Path log = Files.createDirectories(Path.of("target", service + "-processes"))
                    .resolve(name + "-" + System.nanoTime() + ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("SPRING_DATASOURCE_URL", infra.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", infra.username());
            env.put("SPRING_DATASOURCE_PASSWORD", infra.password());
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
            env.put("SPRING_DATA_REDIS_URL", infra.redisUrl());
            // The SSRF guard's dev mode: these processes deliver to targets on 127.0.0.1.
            env.put("FOREMAN_API_TARGETS_ALLOWPRIVATE", "true");
            env.put("FOREMAN_WORKER_TARGETS_ALLOWPRIVATE", "true");
            env.put("SERVER_PORT", "0");
            env.put("HOSTNAME", name);
            env.putAll(settings);
            return new ServiceProcess(builder.start(), name, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a " + service + " process", e);
        }
    }

    private static Path execJar(String service) {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(Path.of("target"), "foreman-" + service + "-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No executable " + service + " jar in target/: run the integration tests"
                + " with 'verify', whose 'package' phase builds it");
    }

    /** Whether it started and its readiness probe answers UP. */
    public boolean isReady() {
        return get("/actuator/health/readiness")
                .filter(body -> body.contains("\"UP\""))
                .isPresent();
    }

    /**
     * The body of a {@code 200} answer to {@code GET path}; empty while it is not listening, does not
     * answer within 5 s, or answers otherwise.
     */
    public Optional<String> get(String path) {
        OptionalInt listening = listeningPort();
        if (listening.isEmpty()) {
            return Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.getAsInt() + path))
                .timeout(REQUEST_TIMEOUT)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (ConnectException | HttpTimeoutException e) {
            // Not listening yet, or too busy to answer (a cold JVM on a loaded machine): not ready.
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " of " + this + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + this, e);
        }
    }

    private OptionalInt listeningPort() {
        if (port == 0) {
            try {
                Matcher listening = LISTENING.matcher(Files.readString(log));
                if (listening.find()) {
                    port = Integer.parseInt(listening.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook runs, so leases and locks are left to expire. */
    public void kill() {
        process.destroyForcibly();
        if (!awaitExit(Duration.ofSeconds(30))) {
            throw new IllegalStateException(this + " outlived SIGKILL for 30 s");
        }
    }

    /** {@code kill -TERM}: the service shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; false if it was still alive after {@code max}. */
    public boolean awaitExit(Duration max) {
        try {
            return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit code of a process that has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where its output went, for a failing test's message. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        http.close();
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", output in " + log + ")";
    }
}
