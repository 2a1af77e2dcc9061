package dev.foreman.bench.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Foreman service running as a process of its own ({@code java -jar}), so that its memory and
 * CPU can be measured apart from the others and from the bench. Its output goes to a log file. The
 * chaos harness also signals it: kills, stops and continues it.
 */
public final class ServiceProcess {
    private static final Duration HEALTH_POLL = Duration.ofMillis(250);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final URI baseUrl;
    private final URI managementUrl;
    private final Path log;

    private ServiceProcess(String name, Process process, URI baseUrl, URI managementUrl, Path log) {
        this.name = name;
        this.process = process;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.log = log;
    }

    /**
     * Starts {@code command} with {@code environment} added to the bench's own, appending its
     * output to {@code log}. Its actuator answers on {@code managementPort} (the api-service's is off
     * its public port; the others' is their only port).
     */
    public static ServiceProcess launch(
            String name,
            List<String> command,
            Map<String, String> environment,
            int port,
            int managementPort,
            Path log,
            Path workDir)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(
                name,
                builder.start(),
                URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + managementPort),
                log);
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

    public URI baseUrl() {
        return baseUrl;
    }

    /** Where its actuator ({@code /actuator/health}, {@code /actuator/prometheus}) answers. */
    public URI managementUrl() {
        return managementUrl;
    }

    /**
     * Waits until {@code /actuator/health} answers 200 (UP). Fails at once, with the end of the
     * service's log, if the process exits first.
     */
    public void awaitHealthy(HttpClient http, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest health = HttpRequest.newBuilder(managementUrl.resolve("/actuator/health"))
                .timeout(HEALTH_REQUEST_TIMEOUT)
                .GET()
                .build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " while starting; the end of " + log + ":\n" + logTail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        name + " was not healthy within " + within + "; the end of " + log + ":\n" + logTail());
            }
            Thread.sleep(HEALTH_POLL);
        }
    }

    /** Sends SIGTERM: the service stops intake and finishes in-flight work (graceful shutdown). */
    public void requestStop() {
        process.destroy();
    }

    /** Waits for the exit that {@link #requestStop()} asked for, then kills the process if it is still there. */
    public void awaitStopped(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Sends SIGKILL: no shutdown hook runs, leases and locks are left to expire. Waits for the exit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code signal} (a name such as {@code STOP} or {@code CONT}) with {@code kill -s}:
     * the JDK can send only SIGTERM and SIGKILL itself.
     */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill -s " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal, e);
        }
    }

    /** The last lines of the service's log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
