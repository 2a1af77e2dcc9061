package dev.foreman.bench.stack;

import dev.foreman.bench.report.Progress;
import dev.foreman.bench.resources.ProcessGroup;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.common.tenant.TenantQuotaRepository;
import dev.foreman.common.tenant.TenantQuotas;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The default stack: embedded Postgres, Kafka and Redis from the testkit (Kafka inside the bench
 * JVM, Postgres and Redis as child processes), and api-service, worker-service and
 * scheduler-service each as a {@code java -Xmx512m -jar} process of its own, started from their
 * exec jars in this checkout. The worker starts only when a scenario needs it, so that the drain
 * scenario can queue jobs before any worker runs.
 */
public final class ManagedStack implements Stack {
    static final String API = ServiceJars.API;
    static final String WORKER = ServiceJars.WORKER;
    static final String SCHEDULER = ServiceJars.SCHEDULER;
    private static final List<String> SERVICES = ServiceJars.SERVICES;
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String MAX_HEAP = "-Xmx512m";
    // As docs/operations.md advises for production: a service out of memory exits instead of limping on.
    private static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    private final Path repoRoot;
    private final Path logDir;
    private final Path dataDir;
    private final List<String> jvmOptions;
    private final PreloadedJobs.Preload preload;
    private final Map<String, Path> jars;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();
    private TestInfrastructure infra;
    private String synchronousCommit = "unknown";
    private TestTenant tenant;
    private TestTenant otherTenant;
    private Map<String, String> environment;
    private volatile ServiceProcess api;
    private volatile ServiceProcess worker;
    private volatile ServiceProcess scheduler;
    private volatile Long postmasterPid;

    private ManagedStack(
            Path repoRoot,
            Path logDir,
            Path dataDir,
            List<String> jvmOptions,
            PreloadedJobs.Preload preload,
            Map<String, Path> jars,
            HttpClient http) {
        this.repoRoot = repoRoot;
        this.logDir = logDir;
        this.dataDir = dataDir;
        this.jvmOptions = jvmOptions;
        this.preload = preload;
        this.jars = jars;
        this.http = http;
    }

    /**
     * Starts the infrastructure, the bench's two tenants, api-service and scheduler-service.
     *
     * @param jvmOptions extra JVM options for every service, e.g. a JFR recording
     * @param preload jobs of the bench's tenant loaded into the database before the services start
     */
    public static ManagedStack start(
            Path repoRoot, List<String> jvmOptions, PreloadedJobs.Preload preload, HttpClient http)
            throws IOException, InterruptedException {
        Map<String, Path> jars = ServiceJars.find(repoRoot);
        Path logDir = Files.createDirectories(repoRoot.resolve("bench/target/logs"));
        for (String service : SERVICES) {
            Files.deleteIfExists(logDir.resolve(service + ".log"));
        }
        Path dataDir = Files.createTempDirectory("foreman-bench-");
        ManagedStack stack = new ManagedStack(repoRoot, logDir, dataDir, jvmOptions, preload, jars, http);
        try {
            stack.startInfrastructure();
            stack.startApiAndScheduler();
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        Progress.say("starting embedded Postgres, Kafka and Redis (data in %s)", dataDir);
        infra = TestInfrastructure.startEmbedded(dataDir);
        infra.migrate();
        tenant = infra.createTenant("bench");
        otherTenant = infra.createTenant("bench-other");
        // What the server really runs with, whatever was asked for: the report must not guess.
        synchronousCommit = JdbcClient.create(infra.dataSource())
                .sql("SHOW synchronous_commit")
                .query(String.class)
                .single();
        Progress.say("Postgres runs with synchronous_commit=%s", synchronousCommit);
        // Limits far above any rate the bench reaches: every request still passes through the rate
        // limiter and the active-jobs quota (their cost is measured), none is refused by them.
        TenantQuotaRepository quotas = new TenantQuotaRepository(JdbcClient.create(infra.dataSource()));
        for (TestTenant benchTenant : List.of(tenant, otherTenant)) {
            quotas.updateQuotas(benchTenant.id(), new TenantQuotas(1_000_000, 1_000_000_000L, null));
        }
        environment = ServiceEnvironment.of(infra.springProperties());
        if (preload.any()) {
            Progress.say("preloading %,d finished and %,d waiting jobs", preload.finished(), preload.waiting());
            Duration took = PreloadedJobs.load(infra.dataSource(), tenant.id(), preload, Instant.now());
            Progress.say("preloaded in %d s", took.toSeconds());
        }
    }

    private void startApiAndScheduler() throws IOException, InterruptedException {
        Progress.say("starting %s and %s (logs in %s)", API, SCHEDULER, logDir);
        api = launch(API);
        scheduler = launch(SCHEDULER);
        api.awaitHealthy(http, HEALTHY_WITHIN);
        scheduler.awaitHealthy(http, HEALTHY_WITHIN);
    }

    private ServiceProcess launch(String service) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ServiceJars.javaCommand());
        command.add(MAX_HEAP);
        command.add(EXIT_ON_OOM);
        command.addAll(jvmOptions.stream()
                .map(option -> option.replace("{service}", service))
                .toList());
        command.add("-jar");
        command.add(jars.get(service).toString());
        Map<String, String> serviceEnvironment = new HashMap<>(environment);
        serviceEnvironment.put("SERVER_PORT", Integer.toString(port));
        // The api-service serves its actuator on a management port of its own, off the public API.
        int managementPort = service.equals(API) ? freePort() : port;
        serviceEnvironment.put("FOREMAN_API_MANAGEMENT_PORT", Integer.toString(managementPort));
        return ServiceProcess.launch(
                service, command, serviceEnvironment, port, managementPort, logDir.resolve(service + ".log"), repoRoot);
    }

    @Override
    public URI apiUrl() {
        return api.baseUrl();
    }

    @Override
    public String apiKey() {
        return tenant.apiKey();
    }

    @Override
    public Optional<String> otherTenantApiKey() {
        return Optional.of(otherTenant.apiKey());
    }

    @Override
    public String describe() {
        return "started by the bench: embedded Postgres 17 (synchronous_commit=" + synchronousCommit
                + (synchronousCommit.equals("off")
                        ? ", NOT durable: an answered submit may not be on disk"
                        : ", durable")
                + "), Kafka (in the bench JVM) and Redis; api-service, worker-service and scheduler-service as "
                + "separate java " + MAX_HEAP + " processes"
                + (preload.any()
                        ? "; preloaded with %,d finished and %,d waiting jobs"
                                .formatted(preload.finished(), preload.waiting())
                        : "");
    }

    @Override
    public List<ProcessGroup> monitored() {
        List<ProcessGroup> groups = new ArrayList<>();
        groups.add(service(API, () -> api));
        groups.add(service(WORKER, () -> worker));
        groups.add(service(SCHEDULER, () -> scheduler));
        groups.add(new ProcessGroup("postgres", this::postgresPids, null));
        groups.add(new ProcessGroup("redis", ManagedStack::redisPids, null));
        groups.add(ProcessGroup.benchJvm("bench (load, target, Kafka broker)"));
        return groups;
    }

    private static ProcessGroup service(String name, Supplier<ServiceProcess> current) {
        ServiceProcess process = current.get();
        return new ProcessGroup(
                name,
                () -> {
                    ServiceProcess now = current.get();
                    return now != null && now.isAlive() ? List.of(now.pid()) : List.of();
                },
                process == null ? null : process.managementUrl());
    }

    /** The postmaster (its pid is the first line of {@code postmaster.pid}) and all its backends. */
    private List<Long> postgresPids() {
        if (postmasterPid == null) {
            try {
                List<String> lines = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
                postmasterPid = Long.parseLong(lines.getFirst().trim());
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }
        return ProcessHandle.of(postmasterPid)
                .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                        .map(ProcessHandle::pid)
                        .toList())
                .orElse(List.of());
    }

    private static List<Long> redisPids() {
        return ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").contains("redis"))
                .map(ProcessHandle::pid)
                .toList();
    }

    @Override
    public boolean controlsWorker() {
        return true;
    }

    @Override
    public void startWorker() {
        ServiceProcess launched;
        // Launching is quick and holds the lock, so close() (perhaps from Ctrl-C) either sees the
        // new worker and stops it, or runs first and no worker is launched at all.
        synchronized (this) {
            if (closed.get()) {
                throw new IllegalStateException("The stack is stopped");
            }
            if (worker != null && worker.isAlive()) {
                return;
            }
            Progress.say("starting %s", WORKER);
            try {
                worker = launch(WORKER);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + WORKER, e);
            }
            launched = worker;
        }
        try {
            launched.awaitHealthy(http, HEALTHY_WITHIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + WORKER, e);
        }
    }

    @Override
    public synchronized void stopWorker() {
        ServiceProcess running = worker;
        if (running != null) {
            Progress.say("stopping %s", WORKER);
            running.requestStop();
            running.awaitStopped(STOP_GRACE);
            worker = null;
        }
    }

    @Override
    public OptionalLong outboxDepth() {
        return OptionalLong.of(new OutboxRepository(JdbcClient.create(infra.dataSource())).count());
    }

    /** Stops api first (no new work), then worker and scheduler, then the infrastructure; deletes the data. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            running = Stream.of(api, worker, scheduler)
                    .filter(process -> process != null && process.isAlive())
                    .toList();
        }
        running.forEach(ServiceProcess::requestStop);
        running.forEach(process -> process.awaitStopped(STOP_GRACE));
        if (infra != null) {
            try {
                infra.close();
            } catch (RuntimeException e) {
                Progress.say("the infrastructure did not stop cleanly: %s", e.getMessage());
            }
        }
        deleteRecursively(dataDir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            Progress.say("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
