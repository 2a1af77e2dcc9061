package dev.foreman.chaos.fleet;

import dev.foreman.bench.report.Progress;
import dev.foreman.bench.stack.ServiceEnvironment;
import dev.foreman.bench.stack.ServiceJars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Two api-service replicas, three workers and two schedulers, each a {@code java -Xmx512m -jar}
 * process started from the exec jars of the checkout. Settings come in as environment variables,
 * the way an operator sets them.
 */
public final class Fleet implements AutoCloseable {
    static final int APIS = 2;
    static final int WORKERS = 3;
    static final int SCHEDULERS = 2;

    private final List<Replica> apis;
    private final List<Replica> workers;
    private final List<Replica> schedulers;

    private Fleet(List<Replica> apis, List<Replica> workers, List<Replica> schedulers) {
        this.apis = apis;
        this.workers = workers;
        this.schedulers = schedulers;
    }

    /**
     * Launches every replica at once and waits until all are healthy.
     *
     * @param settings Spring properties for every service (the infrastructure's and the run's own)
     * @param jvmOptions extra JVM options for every service
     */
    public static Fleet start(
            Path repoRoot, Path logDir, Map<String, String> settings, List<String> jvmOptions, HttpClient http)
            throws IOException, InterruptedException {
        Map<String, Path> jars = ServiceJars.find(repoRoot);
        Map<String, String> environment = ServiceEnvironment.of(settings);
        Fleet fleet = new Fleet(
                replicas("api", ServiceJars.API, APIS, jars, environment, jvmOptions, repoRoot, logDir, http),
                replicas("worker", ServiceJars.WORKER, WORKERS, jars, environment, jvmOptions, repoRoot, logDir, http),
                replicas(
                        "scheduler",
                        ServiceJars.SCHEDULER,
                        SCHEDULERS,
                        jars,
                        environment,
                        jvmOptions,
                        repoRoot,
                        logDir,
                        http));
        try {
            fleet.all().forEach(Replica::start);
            for (Replica replica : fleet.all().toList()) {
                try {
                    replica.awaitReady();
                } catch (IllegalStateException exitedWhileStarting) {
                    if (replica.isAlive()) {
                        throw exitedWhileStarting;
                    }
                    String failures = replica.startAndAwaitReady();
                    Progress.say(
                            "%s exited while starting and was started again%s",
                            replica.name(), failures == null ? "" : " (" + failures + ")");
                }
            }
            return fleet;
        } catch (InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private static List<Replica> replicas(
            String prefix,
            String service,
            int count,
            Map<String, Path> jars,
            Map<String, String> environment,
            List<String> jvmOptions,
            Path repoRoot,
            Path logDir,
            HttpClient http)
            throws IOException {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = prefix + "-" + i;
            List<String> command =
                    new ArrayList<>(List.of(ServiceJars.javaCommand(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jars.get(service).toString());
            Path log = logDir.resolve(name + ".log");
            Files.deleteIfExists(log);
            int port = freePort();
            int managementPort = service.equals(ServiceJars.API) ? freePort() : port;
            replicas.add(new Replica(
                    name, service, command, new HashMap<>(environment), port, managementPort, log, repoRoot, http));
        }
        return List.copyOf(replicas);
    }

    public List<Replica> apis() {
        return apis;
    }

    public List<Replica> workers() {
        return workers;
    }

    public List<Replica> schedulers() {
        return schedulers;
    }

    /** The scheduler that holds the leader lock now, if one says so. */
    public Optional<Replica> leader() {
        return schedulers.stream().filter(Replica::leads).findFirst();
    }

    /** Every replica's process id, for the resource figures. */
    public List<Long> pids() {
        return all().filter(Replica::isAlive).map(Replica::pid).toList();
    }

    private Stream<Replica> all() {
        return Stream.of(apis, workers, schedulers).flatMap(List::stream);
    }

    /** SIGTERM to every replica (api first, so no new work comes in), then waits for them. */
    @Override
    public void close() {
        all().forEach(Replica::stop);
        all().forEach(Replica::awaitStopped);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
