package dev.foreman.chaos.target;

import dev.foreman.bench.target.DeliveryLog;
import dev.foreman.bench.target.TargetServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The target every chaos job is delivered to ({@code /noop/<run>}): it holds a request as {@link
 * HoldPolicy} says, answers {@code 204}, and records the request once it is done with it.
 */
public final class ChaosTarget implements DeliveryLog, AutoCloseable {
    private final TargetServer server;
    private final Map<UUID, List<Delivery>> byJob = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder strays = new LongAdder();

    private ChaosTarget(Clock clock) throws IOException {
        this.server = TargetServer.start(clock, this);
    }

    public static ChaosTarget start(Clock clock) throws IOException {
        return new ChaosTarget(clock);
    }

    /** The URL the jobs of {@code run} (e.g. {@code load}, {@code cron-1}) target. */
    public URI url(String run) {
        return URI.create("http://127.0.0.1:" + server.port() + "/noop/" + run);
    }

    @Override
    public void delivered(String run, UUID job, int attempt, long nanoTime, Instant receivedAt) {
        long hold = HoldPolicy.holdMillis();
        if (hold > 0) {
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void answered(String run, UUID job, int attempt, long startNanos, long endNanos) {
        requests.increment();
        if (job == null || run == null) {
            strays.increment();
            return;
        }
        List<Delivery> deliveries = byJob.computeIfAbsent(job, id -> new ArrayList<>(1));
        synchronized (deliveries) {
            deliveries.add(new Delivery(run, job, attempt, startNanos, endNanos));
        }
    }

    /** What the target received of {@code job}, in the order the requests ended; empty if nothing. */
    public List<Delivery> deliveriesOf(UUID job) {
        List<Delivery> deliveries = byJob.get(job);
        if (deliveries == null) {
            return List.of();
        }
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** Every job the target received, with its requests. */
    public Map<UUID, List<Delivery>> all() {
        Map<UUID, List<Delivery>> copy = new ConcurrentHashMap<>();
        byJob.forEach((job, deliveries) -> copy.put(job, deliveriesOf(job)));
        return copy;
    }

    /** Requests answered in all. */
    public long requests() {
        return requests.sum();
    }

    /** Requests without a job id or outside {@code /noop/}: a non-zero count means something is misrouted. */
    public long strays() {
        return strays.sum();
    }

    @Override
    public void close() {
        server.close();
    }
}
