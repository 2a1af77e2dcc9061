package dev.foreman.scheduler;

import dev.foreman.testkit.infra.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduler as its own operating-system process, started from the executable jar that {@code
 * package} built (failsafe runs after it), against the test database. Settings go in as environment
 * variables, the way an operator sets them, and the test reads the process the way an operator
 * does: its log, its health probe and its Prometheus metrics. Its output goes to {@code
 * target/scheduler-processes/}.
 */
final class SchedulerProcess implements AutoCloseable {
    /** Spring Boot's line once the web server listens; the port is random ({@code SERVER_PORT=0}). */
    private static final Pattern LISTENING = Pattern.compile("Tomcat started on port (\\d+)");

    /** The leader gauge while this process leads by the Redis lock. */
    private static final Pattern LEADS_BY_REDIS =
            Pattern.compile("(?m)^foreman_scheduler_leader\\{[^}]*lock=\"redis\"[^}]*} 1(\\.0)?$");

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final String name;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private volatile int port;

    private SchedulerProcess(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
    }

    /**
     * Starts a scheduler on the test database, with its web server on a random port.
     *
     * @param settings environment variables: where Redis is ({@code SPRING_DATA_REDIS_URL}) and
     *     scheduler settings such as {@code FOREMAN_SCHEDULER_LEADERTTL}
     */
    static SchedulerProcess start(String name, Map<String, String> settings) {
        TestInfrastructure infra = TestInfrastructure.shared();
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("The test JVM does not know its own java command"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar"));
        command.add(execJar().toString());
        try {
            Path log = Files.createDirectories(Path.of("target", "scheduler-processes"))
                    .resolve(name + "-" + System.nanoTime() + ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("SPRING_DATASOURCE_URL", infra.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", infra.username());
            env.put("SPRING_DATASOURCE_PASSWORD", infra.password());
            env.put("SERVER_PORT", "0");
            // The scheduler names itself in the leader lock after HOSTNAME: its log lines then say which process led.
            env.put("HOSTNAME", name);
            env.putAll(settings);
            return new SchedulerProcess(builder.start(), name, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a scheduler process", e);
        }
    }

    private static Path execJar() {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(Path.of("target"), "foreman-scheduler-service-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No executable scheduler jar in target/: run the integration tests with"
                + " 'verify', whose 'package' phase builds it");
    }

    /** Whether it started and its readiness probe answers UP. */
    boolean isReady() {
        return listeningPort().isPresent()
                && get("/actuator/health/readiness")
                        .filter(body -> body.contains("\"UP\""))
                        .isPresent();
    }

    /** Whether its {@code foreman_scheduler_leader} gauge says it leads by the Redis lock. */
    boolean leadsByRedis() {
        return get("/actuator/prometheus")
                .filter(body -> LEADS_BY_REDIS.matcher(body).find())
                .isPresent();
    }

    private java.util.Optional<String> get(String path) {
        OptionalInt listening = listeningPort();
        if (listening.isEmpty()) {
            return java.util.Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.getAsInt() + path))
                .timeout(REQUEST_TIMEOUT)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? java.util.Optional.of(response.body()) : java.util.Optional.empty();
        } catch (ConnectException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " of scheduler " + name + " failed; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking scheduler " + name, e);
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

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, so the leader lock is not released and must run out. */
    void kill() {
        process.destroyForcibly();
        if (!awaitExit(Duration.ofSeconds(30))) {
            throw new IllegalStateException("Scheduler " + name + " outlived SIGKILL for 30 s; see " + log);
        }
    }

    private boolean awaitExit(Duration max) {
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
        http.close();
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "scheduler " + name + " (pid " + process.pid() + ", output in " + log + ")";
    }
}
