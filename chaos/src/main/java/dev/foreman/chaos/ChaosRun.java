package dev.foreman.chaos;

import dev.foreman.bench.report.Progress;
import dev.foreman.bench.resources.HeapProbe;
import dev.foreman.bench.resources.ProcessGroup;
import dev.foreman.bench.resources.ResourceSampler;
import dev.foreman.bench.resources.ResourceUsage;
import dev.foreman.chaos.cron.CronSchedules;
import dev.foreman.chaos.fault.FaultInjector;
import dev.foreman.chaos.fault.FaultPlan;
import dev.foreman.chaos.fleet.Fleet;
import dev.foreman.chaos.fleet.Replica;
import dev.foreman.chaos.infra.ChaosInfrastructure;
import dev.foreman.chaos.load.Clients;
import dev.foreman.chaos.target.ChaosTarget;
import dev.foreman.chaos.verdict.JobLedger;
import dev.foreman.chaos.verdict.RunRecord;
import dev.foreman.chaos.verdict.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One chaos run from start to verdict: infrastructure, the fleet, the target, cron schedules and
 * clients; faults until the load ends; then the drain and the checks. Everything it started is
 * stopped again, and its data deleted, whatever happens.
 */
public final class ChaosRun {
    /** The workers' lease margin in a run: short, so that a worker paused past its lease is paused 20 s, not 40. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(10);
    /** How long a paused worker stays frozen: the jobs' timeout and the lease margin, and 5 s more. */
    static final Duration PAUSE = Duration.ofSeconds(5).plus(LEASE_MARGIN).plusSeconds(5);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final Duration CLIENTS_FINISH_WITHIN = Duration.ofMinutes(3);

    private final ChaosOptions options;
    private final Path repoRoot;
    private final Clock clock = Clock.systemUTC();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChaosRun(ChaosOptions options, Path repoRoot) {
        this.options = options;
        this.repoRoot = repoRoot;
    }

    Verdict run() throws IOException, InterruptedException {
        String run = "chaos-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path logDir = Files.createDirectories(repoRoot.resolve("chaos/target/logs"));
        Path dataDir = Files.createTempDirectory("foreman-chaos-");
        ChaosInfrastructure infra = null;
        Fleet fleet = null;
        ChaosTarget target = null;
        Clients clients = null;
        ResourceSampler sampler = null;
        // Ctrl-C or SIGTERM must not leave seven services, a broker, Postgres and Redis behind.
        Thread stopOnExit = Thread.ofPlatform().unstarted(() -> stopAll());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            long started = System.nanoTime();
            Progress.say("starting Postgres, Kafka (a child JVM) and Redis (data in %s, logs in %s)", dataDir, logDir);
            infra = ChaosInfrastructure.start(dataDir, logDir);
            started(infra);
            String synchronousCommit = JdbcClient.create(infra.dataSource())
                    .sql("SHOW synchronous_commit")
                    .query(String.class)
                    .single();
            String apiKey = infra.createTenant(run);
            target = ChaosTarget.start(clock);
            started(target);
            Map<String, String> settings = new LinkedHashMap<>(infra.springProperties());
            settings.put("foreman.worker.lease-margin", LEASE_MARGIN.toSeconds() + "s");
            Progress.say("starting 2 api-service, 3 worker-service and 2 scheduler-service processes");
            fleet = Fleet.start(repoRoot, logDir, settings, options.serviceJvmOptions(), http);
            started(fleet);
            Progress.say("the stack is up after %.0f s", (System.nanoTime() - started) / 1e9);

            Fleet services = fleet;
            ChaosInfrastructure servers = infra;
            sampler = new ResourceSampler(() -> resourceGroups(services, servers), new HeapProbe(null), clock);
            CronSchedules schedules =
                    new CronSchedules(http, json, fleet.apis().getFirst().baseUrl(), apiKey, clock);
            schedules.create(options.schedules(), run, target::url);
            clients = new Clients(
                    fleet.apis().stream().map(Replica::baseUrl).toList(),
                    apiKey,
                    json,
                    target.url("load"),
                    run,
                    options.think());
            started(clients);
            sampler.beginWindow();
            long loadStart = System.nanoTime();
            Instant loadStartInstant = clock.instant();
            long loadEnd = loadStart + options.duration().toNanos();
            clients.start(options.clients(), run);
            Progress.say(
                    "%d clients submitting for %s, a fault every %s (seed %d)",
                    options.clients(), options.duration(), options.faultEvery(), options.seed());
            FaultInjector injector =
                    new FaultInjector(fleet, infra, new FaultPlan(options.seed()), options.faultEvery(), PAUSE);
            AtomicReference<Throwable> injectorFailure = new AtomicReference<>();
            Thread faults = Thread.ofPlatform().name("chaos-faults").start(() -> {
                try {
                    injector.run(loadEnd);
                } catch (Throwable e) {
                    injectorFailure.set(e);
                }
            });
            Clients load = clients;
            ChaosTarget deliveries = target;
            while (System.nanoTime() < loadEnd) {
                Thread.sleep(
                        Math.min(PROGRESS_EVERY.toMillis(), Math.max(1, (loadEnd - System.nanoTime()) / 1_000_000)));
                Progress.say(
                        "%,d acknowledged, %,d requests at the target, %,d failed tries",
                        load.submissions().acknowledgedCount(),
                        deliveries.requests(),
                        load.submissions().failures().size());
            }
            clients.stop();
            Map<String, ResourceUsage> resources = sampler.endWindow().processes();
            Progress.say("load over; waiting for the last fault to end and the clients' last submits");
            faults.join();
            if (injectorFailure.get() != null) {
                throw new IllegalStateException("The fault injector failed", injectorFailure.get());
            }
            clients.awaitStopped(CLIENTS_FINISH_WITHIN);
            schedules.pause();
            double drained = drain(infra, clients, schedules);
            List<String> settingsLines = List.of(
                    String.format(
                            "%d clients for %s (mean pause between jobs %s), a fault every %s, seed %d",
                            options.clients(),
                            options.duration(),
                            options.think(),
                            options.faultEvery(),
                            options.seed()),
                    "2 api-service, 3 worker-service, 2 scheduler-service processes (java -Xmx512m"
                            + (options.serviceJvmOptions().isEmpty()
                                    ? ""
                                    : " " + String.join(" ", options.serviceJvmOptions()))
                            + " each);"
                            + " workers' lease margin " + LEASE_MARGIN.toSeconds() + " s, jobs' timeout "
                            + Clients.JOB_TIMEOUT + ", a paused worker frozen " + PAUSE.toSeconds() + " s",
                    "Postgres 17 (synchronous_commit=" + synchronousCommit + ", fsync on), Kafka 4.2 broker in a"
                            + " child JVM, Redis; all on this machine ("
                            + Runtime.getRuntime().availableProcessors()
                            + " cores)",
                    options.schedules() + " cron schedules firing every second (fire_all)");
            RunRecord record = new RunRecord(
                    settingsLines,
                    loadStart,
                    loadEnd,
                    loadStartInstant,
                    drained,
                    clients.submissions(),
                    target,
                    injector.faults(),
                    schedules.ids(),
                    schedules.createdAt(),
                    schedules.pausedAt(),
                    resources);
            Progress.say("checking");
            return Verdict.reach(record, infra.dataSource());
        } finally {
            Progress.say("stopping everything");
            if (sampler != null) {
                sampler.close();
            }
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook runs (or ran) stopAll, which does the work once.
            }
            deleteRecursively(dataDir);
        }
    }

    private void started(AutoCloseable part) {
        synchronized (running) {
            running.addFirst(part);
        }
    }

    /** Closes what was started, the last first (clients, fleet, target, infrastructure); each once. */
    private void stopAll() {
        while (true) {
            AutoCloseable part;
            synchronized (running) {
                if (running.isEmpty()) {
                    return;
                }
                part = running.removeFirst();
            }
            try {
                part.close();
            } catch (Exception e) {
                Progress.say("could not stop %s: %s", part, e.getMessage());
            }
        }
    }

    /** Waits until every acknowledged and every cron job is finished, or the drain limit passes; answers the seconds waited. */
    private double drain(ChaosInfrastructure infra, Clients clients, CronSchedules schedules)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + options.drain().toNanos();
        List<UUID> jobs = new ArrayList<>();
        clients.submissions().acks().forEach(ack -> jobs.add(ack.job()));
        JobLedger ledger = new JobLedger(infra.dataSource());
        while (true) {
            long unfinished = ledger.countUnfinished(jobs) + ledger.countUnfinishedOfSchedules(schedules.ids());
            if (unfinished == 0 || System.nanoTime() > deadline) {
                Progress.say(
                        "%,d jobs unfinished after a drain of %.0f s", unfinished, (System.nanoTime() - started) / 1e9);
                return (System.nanoTime() - started) / 1e9;
            }
            Thread.sleep(1_000);
        }
    }

    private static List<ProcessGroup> resourceGroups(Fleet fleet, ChaosInfrastructure infra) {
        return List.of(
                new ProcessGroup("api-service (2)", () -> pids(fleet.apis()), null),
                new ProcessGroup("worker-service (3)", () -> pids(fleet.workers()), null),
                new ProcessGroup("scheduler-service (2)", () -> pids(fleet.schedulers()), null),
                new ProcessGroup("postgres", infra::postgresPids, null),
                new ProcessGroup("kafka broker", infra::kafkaPids, null),
                new ProcessGroup("redis", infra::redisPids, null),
                new ProcessGroup(
                        "harness (clients, target)",
                        () -> List.of(ProcessHandle.current().pid()),
                        null));
    }

    private static List<Long> pids(List<Replica> replicas) {
        return replicas.stream().filter(Replica::isAlive).map(Replica::pid).toList();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            Progress.say("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
