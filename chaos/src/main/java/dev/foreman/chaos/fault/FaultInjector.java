package dev.foreman.chaos.fault;

import dev.foreman.bench.report.Progress;
import dev.foreman.chaos.fleet.Fleet;
import dev.foreman.chaos.fleet.Replica;
import dev.foreman.chaos.infra.ChaosInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Injects one fault every {@code every}, in the order of a {@link FaultPlan}, until a deadline. A
 * fault is not over until what it struck is back (a restarted process healthy, a server answering);
 * the next one comes {@code every} after the last began, or {@link #SETTLE} after the last was
 * restored if that is later, so that two faults never overlap and each one's recovery is its own.
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
    private final List<Fault> faults = new CopyOnWriteArrayList<>();

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
        while (true) {
            sleepUntil(next);
            if (System.nanoTime() >= untilNanos) {
                return;
            }
            Fault fault = inject(plan.nextKind());
            faults.add(fault);
            Progress.say(
                    "fault %d: %s %s (%s), back after %.1f s%s",
                    faults.size(),
                    fault.kind().label(),
                    fault.target(),
                    fault.how(),
                    seconds(fault.restoredNanos() - fault.injectedNanos()),
                    fault.error() == null ? "" : ": " + fault.error());
            next = Math.max(fault.injectedNanos() + every.toNanos(), fault.restoredNanos() + SETTLE.toNanos());
        }
    }

    public List<Fault> faults() {
        return List.copyOf(faults);
    }

    private Fault inject(FaultKind kind) throws InterruptedException {
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

    private Fault killAndRestart(FaultKind kind, Replica replica) throws InterruptedException {
        boolean graceful = plan.graceful();
        String leases = leaseOwnerPrefix(replica);
        long injected = System.nanoTime();
        if (graceful) {
            replica.terminate();
        } else {
            replica.kill();
        }
        String error = restart(replica);
        return new Fault(
                kind, replica.name(), graceful ? "SIGTERM" : "SIGKILL", injected, System.nanoTime(), 0, leases, error);
    }

    private Fault restartServer(FaultKind kind, String server, String how, Runnable restart) {
        long injected = System.nanoTime();
        String error = null;
        try {
            restart.run();
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        return new Fault(kind, server, how, injected, System.nanoTime(), 0, null, error);
    }

    private Fault pauseWorker(Replica worker) throws InterruptedException {
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
        String error = leader == null ? null : awaitRestarted(leader);
        return new Fault(
                FaultKind.PAUSE_WORKER,
                worker.name() + (leader == null ? " (no leader found to kill)" : ", leader " + leader.name()),
                "SIGSTOP " + pause.toSeconds() + " s, leader SIGKILL at +" + LEADER_KILL_AFTER_PAUSE.toSeconds() + " s",
                injected,
                System.nanoTime(),
                leaderKilled,
                leases,
                error);
    }

    private Replica leaderOrAny() {
        return fleet.leader()
                .orElseGet(() ->
                        fleet.schedulers().get(plan.pick(fleet.schedulers().size())));
    }

    private static String leaseOwnerPrefix(Replica replica) {
        return replica.service().equals("worker-service") ? replica.name() + "-" + replica.pid() + "-" : null;
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
