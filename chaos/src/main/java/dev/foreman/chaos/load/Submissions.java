package dev.foreman.chaos.load;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Everything the clients were told: each acknowledged job, each failed try, each submit given up. */
public final class Submissions {
    /**
     * One acknowledged job.
     *
     * @param firstSentNanos when its first try was sent
     * @param ackNanos when the acknowledgement arrived
     * @param tries how many tries it took (1 = no retry)
     */
    public record Ack(UUID job, String idempotencyKey, long firstSentNanos, long ackNanos, int tries) {}

    /** A try that failed: a connection error, a timeout or a retryable status. */
    public record Failure(long nanos, String replica, String error) {}

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> givenUp = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> rejected = new ConcurrentLinkedQueue<>();
    private final AtomicLong acknowledged = new AtomicLong();

    void acknowledged(Ack ack) {
        acks.add(ack);
        acknowledged.incrementAndGet();
    }

    void failed(Failure failure) {
        failures.add(failure);
    }

    void gaveUp(String idempotencyKey, String lastError) {
        givenUp.add(idempotencyKey + ": " + lastError);
    }

    void rejected(String idempotencyKey, String error) {
        rejected.add(idempotencyKey + ": " + error);
    }

    public long acknowledgedCount() {
        return acknowledged.get();
    }

    public List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    public List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    /** Submits that were never acknowledged within the retry budget. */
    public List<String> givenUp() {
        return new ArrayList<>(givenUp);
    }

    /** Submits answered with a status that retrying cannot change (a 4xx such as 400 or 422). */
    public List<String> rejected() {
        return new ArrayList<>(rejected);
    }
}
