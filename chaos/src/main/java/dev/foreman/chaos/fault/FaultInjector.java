package dev.foreman.chaos.fault;

import dev.foreman.bench.report.Progress;
import dev.foreman.bench.stack.ServiceJars;
import dev.foreman.chaos.fleet.Fleet;
import dev.foreman.chaos.fleet.Replica;
import dev.foreman.chaos.infra.ChaosInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Injects one fault every {@code every}, in the order of a {@link FaultPlan}, until a deadline. A
 * fault is over when what it struck is back (a restarted process healthy, a server answering). A
 * server restart or a paused worker holds up the next fault until it is over (and {@link #SETTLE}
 * more); a killed service restarts in the background, since a JVM can take minutes to start on a
 * busy machine, and only a fault that would strike the same service waits for it: so no two
 * replicas of a service are ever down at once because of two faults.
 */
public final class FaultInjector {
    /** The least time between one fault's end and the next fault. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** How long after a worker is paused the scheduler leader is killed: before any of its leases can run out. */
    static final Duration LEADER_KILL_AFTER_PAUSE = Duration.ofSeconds(6);

    private final Fleet fleet;
    private final ChaosInfrastructure infra;
    private final FaultPlan plan;
    private final Duration every;
    private final Duration pause;
    private final List<CompletableFuture<Fault>> faults = new CopyOnWriteArrayList<>();
    private final Map<String, List<CompletableFuture<Fault>>> restarting = new ConcurrentHashMap<>();

    /**
     * @param pause how long a paused worker stays frozen: longer than its leases last
     *     (the jobs' timeout plus the workers' lease margin)
     */
    public FaultInjector(Fleet fleet, ChaosInfrastructure infra, FaultPlan plan, Duration every, Duration pause) {
        this.fleet = fleet;
        this.infra = infra;
        this.plan = plan;
        this.every = every;
        this.pause = pause;
    }

    /** Injects faults until {@code untilNanos} ({@link System#nanoTime()}); the last one may end after it. */
    public void run(long untilNanos) throws InterruptedException {
        long next = System.nanoTime() + every.toNanos();
        try {
            while (true) {
                sleepUntil(next);
                if (System.nanoTime() >= untilNanos) {
                    return;
                }
                FaultKind kind = plan.nextKind();
                awaitRestartsOf(kind);
                long injected = System.nanoTime();
                CompletableFuture<Fault> fault = inject(kind);
                int number = faults.size() + 1;
                faults.add(fault);
                fault.thenAccept(done -> Progress.say(
                        "fault %d: %s %s (%s), back after %.1f s%s",
                        number,
                        done.kind().label(),
                        done.target(),
                        done.how(),
                        seconds(done.restoredNanos() - done.injectedNanos()),
                        done.error() == null ? "" : ": " + done.error()));
                next = fault.isDone()
                        ? Math.max(injected + every.toNanos(), fault.join().restoredNanos() + SETTLE.toNanos())
                        : injected + every.toNanos();
            }
        } finally {
            // The run ends with every replica back, so the drain and the checks see the whole fleet.
            for (CompletableFuture<Fault> fault : faults) {
                fault.join();
            }
        }
    }

    /** Every fault injected, in order, each once it is over. */
    public List<Fault> faults() {
        return faults.stream().map(CompletableFuture::join).toList();
    }

    /** A fault that strikes a service waits until that service's replicas are all back. */
    private void awaitRestartsOf(FaultKind kind) {
        List<String> services = switch (kind) {
            case KILL_API -> List.of(ServiceJars.API);
            case KILL_WORKER -> List.of(ServiceJars.WORKER);
            case KILL_SCHEDULER -> List.of(ServiceJars.SCHEDULER);
            case PAUSE_WORKER -> List.of(ServiceJars.WORKER, ServiceJars.SCHEDULER);
            case RESTART_KAFKA, RESTART_POSTGRES, RESTART_REDIS -> List.of();
        };
        for (String service : services) {
            restarting.getOrDefault(service, List.of()).forEach(CompletableFuture::join);
        }
    }

    private CompletableFuture<Fault> inject(FaultKind kind) throws InterruptedException {
        return switch (kind) {
            case KILL_API ->
                killAndRestart(kind, fleet.apis().get(plan.pick(fleet.apis().size())));
            case KILL_WORKER ->
                killAndRestart(
                        kind, fleet.workers().get(plan.pick(fleet.workers().size())));
            case KILL_SCHEDULER -> killAndRestart(kind, leaderOrAny());
            case RESTART_KAFKA -> restartServer(kind, "kafka", "controlled shutdown", infra::restartKafka);
            case RESTART_POSTGRES -> {
                boolean immediate = plan.immediate();
                yield restartServer(
                        kind, "postgres", immediate ? "immediate" : "fast", () -> infra.restartPostgres(immediate));
            }
            case RESTART_REDIS -> restartServer(kind, "redis", "stop, start empty", infra::restartRedis);
            case PAUSE_WORKER ->
                pauseWorker(fleet.workers().get(plan.pick(fleet.workers().size())));
        };
    }

    private CompletableFuture<Fault> killAndRestart(FaultKind kind, Replica replica) {
        boolean graceful = plan.graceful();
        String leases = leaseOwnerPrefix(replica);
        String how = graceful ? "SIGTERM" : "SIGKILL";
        long injected = System.nanoTime();
        CompletableFuture<Fault> fault = new CompletableFuture<>();
        restarting
                .computeIfAbsent(replica.service(), service -> new CopyOnWriteArrayList<>())
                .add(fault);
        Thread.ofVirtual().name("chaos-restart-" + replica.name()).start(() -> {
            String error;
            try {
                if (graceful) {
                    replica.terminate();
                } else {
                    replica.kill();
                }
                error = restart(replica);
            } catch (InterruptedException | RuntimeException e) {
                error = String.valueOf(e);
            }
            fault.complete(new Fault(kind, replica.name(), how, injected, System.nanoTime(), 0, leases, error));
        });
        return fault;
    }

    private CompletableFuture<Fault> restartServer(FaultKind kind, String server, String how, Runnable restart) {
        long injected = System.nanoTime();
        String error = null;
        try {
            restart.run();
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        return CompletableFuture.completedFuture(
                new Fault(kind, server, how, injected, System.nanoTime(), 0, null, error));
    }

    private CompletableFuture<Fault> pauseWorker(Replica worker) throws InterruptedException {
        String leases = leaseOwnerPrefix(worker);
        long injected = System.nanoTime();
        worker.pause();
        long leaderKilled = 0;
        Replica leader = null;
        try {
            sleepUntil(injected + LEADER_KILL_AFTER_PAUSE.toNanos());
            leader = fleet.leader().orElse(null);
            if (leader != null) {
                leaderKilled = System.nanoTime();
                leader.kill();
                leader.start();
            }
            sleepUntil(injected + pause.toNanos());
        } finally {
            worker.resume();
        }
        // The killed leader comes back in the background, as a killed service does.
        Replica killed = leader;
        long leaderKilledAt = leaderKilled;
        CompletableFuture<Fault> fault = new CompletableFuture<>();
        if (killed != null) {
            restarting
                    .computeIfAbsent(killed.service(), service -> new CopyOnWriteArrayList<>())
                    .add(fault);
        }
        Thread.ofVirtual().name("chaos-restart-leader").start(() -> {
            String error;
            try {
                error = killed == null ? null : awaitRestarted(killed);
            } catch (InterruptedException | RuntimeException e) {
                error = String.valueOf(e);
            }
            fault.complete(new Fault(
                    FaultKind.PAUSE_WORKER,
                    worker.name() + (killed == null ? " (no leader found to kill)" : ", leader " + killed.name()),
                    "SIGSTOP " + pause.toSeconds() + " s, leader SIGKILL at +" + LEADER_KILL_AFTER_PAUSE.toSeconds()
                            + " s",
                    injected,
                    System.nanoTime(),
                    leaderKilledAt,
                    leases,
                    error));
        });
        return fault;
    }

    private Replica leaderOrAny() {
        return fleet.leader()
                .orElseGet(() ->
                        fleet.schedulers().get(plan.pick(fleet.schedulers().size())));
    }

    private static String leaseOwnerPrefix(Replica replica) {
        return replica.service().equals(ServiceJars.WORKER) ? replica.name() + "-" + replica.pid() + "-" : null;
    }

    /** Waits for a replica started earlier; starts it again if it exited while starting. */
    private static String awaitRestarted(Replica replica) throws InterruptedException {
        try {
            replica.awaitReady();
            return null;
        } catch (IllegalStateException e) {
            return replica.isAlive() ? e.getMessage() : restart(replica);
        }
    }

    /** Starts it again; answers why a start failed (even if a later one worked), or null. */
    private static String restart(Replica replica) throws InterruptedException {
        try {
            return replica.startAndAwaitReady();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private double seconds(long nanos) {
        return nanos / 1e9;
    }
}
