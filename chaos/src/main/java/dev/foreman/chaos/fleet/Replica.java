package dev.foreman.chaos.fleet;

import dev.foreman.bench.stack.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One replica of a service (e.g. {@code worker-2}): a {@code java -jar} process that can be killed,
 * stopped, continued and started again on the same ports, with the same name ({@code HOSTNAME},
 * which a worker's leases and Kafka client id begin with).
 */
public final class Replica {
    // Seven JVMs starting at once on a small, busy machine: several minutes each has been seen.
    private static final Duration READY_WITHIN = Duration.ofMinutes(10);
    private static final Duration TERM_GRACE = Duration.ofSeconds(40);
    private static final int STARTS = 3;
    private static final Pattern LEADS = Pattern.compile("(?m)^foreman_scheduler_leader(\\{[^}]*})? 1\\.0$");

    private final String name;
    private final String service;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Path workDir;
    private final HttpClient http;
    private volatile ServiceProcess process;

    Replica(
            String name,
            String service,
            List<String> command,
            Map<String, String> environment,
            int port,
            int managementPort,
            Path log,
            Path workDir,
            HttpClient http) {
        this.name = name;
        this.service = service;
        this.command = command;
        this.environment = environment;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.workDir = workDir;
        this.http = http;
    }

    public String name() {
        return name;
    }

    public String service() {
        return service;
    }

    /** Starts the process; {@link #awaitReady()} waits for it. */
    public synchronized void start() {
        Map<String, String> env = new HashMap<>(environment);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("FOREMAN_API_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("HOSTNAME", name);
        try {
            process = ServiceProcess.launch(service, command, env, port, managementPort, log, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** Waits until its health probe answers UP. */
    public void awaitReady() throws InterruptedException {
        process.awaitHealthy(http, READY_WITHIN);
    }

    /**
     * Starts it and waits until it is ready, starting it again if it exits while starting (on a
     * saturated machine a service can miss a 1 s connection handshake and give up), up to {@link
     * #STARTS} times. Answers why the earlier starts failed, or null if the first one worked.
     */
    public String startAndAwaitReady() throws InterruptedException {
        String failures = null;
        for (int start = 1; ; start++) {
            start();
            try {
                awaitReady();
                return failures;
            } catch (IllegalStateException e) {
                String failure = "start " + start + " failed: " + firstLine(e.getMessage());
                failures = failures == null ? failure : failures + "; " + failure;
                if (start == STARTS || isAlive()) {
                    throw new IllegalStateException(failures, e);
                }
            }
        }
    }

    private static String firstLine(String text) {
        int end = text == null ? -1 : text.indexOf('\n');
        return end < 0 ? String.valueOf(text) : text.substring(0, end);
    }

    /** SIGKILL, waiting for the exit. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM (graceful shutdown), SIGKILL if it is still running after 40 s. */
    public void terminate() {
        process.requestStop();
        process.awaitStopped(TERM_GRACE);
    }

    /** SIGSTOP: the process freezes, its sockets stay open, its leases and Kafka session run out. */
    public void pause() {
        process.signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.signal("CONT");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        ServiceProcess current = process;
        return current != null && current.isAlive();
    }

    /** The public API's base URL (api-service replicas). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether this scheduler reports that it holds the leader lock (its {@code foreman_scheduler_leader} gauge). */
    public boolean leads() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && LEADS.matcher(response.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops it gracefully at the end of the run (SIGCONT first, in case it is paused). */
    void stop() {
        ServiceProcess current = process;
        if (current != null && current.isAlive()) {
            try {
                current.signal("CONT");
            } catch (IllegalStateException e) {
                // It exited meanwhile.
            }
            current.requestStop();
        }
    }

    void awaitStopped() {
        ServiceProcess current = process;
        if (current != null) {
            current.awaitStopped(Duration.ofSeconds(20));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
