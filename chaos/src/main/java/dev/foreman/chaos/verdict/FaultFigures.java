package dev.foreman.chaos.verdict;

import dev.foreman.chaos.fault.Fault;
import dev.foreman.chaos.load.Submissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one fault cost, measured from what clients and the target saw and what Postgres recorded.
 * Each fault's window runs from its injection to the next fault's (or to the end of the load).
 *
 * @param atSeconds when it struck, in seconds since the load began
 * @param restoredSeconds how long until what it struck was back (process healthy, server answering)
 * @param failedTries submit tries that failed in its window (each was retried, with the same key)
 * @param longestAckGapSeconds the longest time in its window with no submit acknowledged, from the
 *     injection on: what clients felt as an outage
 * @param slowestSubmitSeconds the longest a submit begun in its window took from first try to acknowledgement
 * @param deliveryRecoverySeconds the longest a job acknowledged in the {@link #RECOVERY_PROBE} after the
 *     injection waited from its acknowledgement to its first delivery: for a dead worker, how long its
 *     partitions went unserved; NaN if one was never delivered
 * @param probeJobs how many jobs that probe saw
 * @param leasesReaped for a worker fault: leases of the struck worker that the reaper ended
 * @param firstReapSeconds seconds from the injection (or, for a paused worker, from the leader's
 *     death) to the first of those reaps; NaN if none
 * @param lastReapSeconds seconds from the injection to the last of those reaps; NaN if none
 */
public record FaultFigures(
        Fault fault,
        double atSeconds,
        double restoredSeconds,
        long failedTries,
        double longestAckGapSeconds,
        double slowestSubmitSeconds,
        double deliveryRecoverySeconds,
        int probeJobs,
        int leasesReaped,
        double firstReapSeconds,
        double lastReapSeconds) {

    /** Jobs acknowledged this soon after a fault show how long deliveries took to recover. */
    public static final Duration RECOVERY_PROBE = Duration.ofSeconds(2);

    /** The inputs every fault is measured against, sorted by time. */
    record Observations(
            List<Submissions.Ack> acksByTime,
            long[] failureNanos,
            Map<UUID, Long> firstDeliveryNanos,
            List<JobLedger.ReapedLease> reaps,
            long loadStartNanos,
            long loadEndNanos,
            Instant loadStartInstant) {

        Instant wall(long nanos) {
            return loadStartInstant.plusNanos(nanos - loadStartNanos);
        }
    }

    static List<FaultFigures> of(List<Fault> faults, Observations seen) {
        List<FaultFigures> figures = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            long until = i + 1 < faults.size() ? faults.get(i + 1).injectedNanos() : seen.loadEndNanos();
            figures.add(measure(fault, Math.max(until, fault.injectedNanos()), seen));
        }
        return figures;
    }

    private static FaultFigures measure(Fault fault, long until, Observations seen) {
        long from = fault.injectedNanos();
        long failed = 0;
        for (long failure : seen.failureNanos()) {
            if (failure >= from && failure < until) {
                failed++;
            }
        }
        long lastAck = from;
        long longestGap = 0;
        long slowest = 0;
        long recovery = 0;
        boolean undelivered = false;
        int probe = 0;
        for (Submissions.Ack ack : seen.acksByTime()) {
            if (ack.firstSentNanos() >= from && ack.firstSentNanos() < until) {
                slowest = Math.max(slowest, ack.ackNanos() - ack.firstSentNanos());
            }
            if (ack.ackNanos() < from || ack.ackNanos() >= until) {
                continue;
            }
            longestGap = Math.max(longestGap, ack.ackNanos() - lastAck);
            lastAck = ack.ackNanos();
            if (ack.ackNanos() < from + RECOVERY_PROBE.toNanos()) {
                probe++;
                Long delivered = seen.firstDeliveryNanos().get(ack.job());
                if (delivered == null) {
                    undelivered = true;
                } else {
                    recovery = Math.max(recovery, delivered - ack.ackNanos());
                }
            }
        }
        longestGap = Math.max(longestGap, until - lastAck);
        int reaped = 0;
        Instant firstReap = null;
        Instant lastReap = null;
        if (fault.leaseOwnerPrefix() != null) {
            Instant since = seen.wall(from);
            for (JobLedger.ReapedLease reap : seen.reaps()) {
                if (reap.worker() != null
                        && reap.worker().startsWith(fault.leaseOwnerPrefix())
                        && !reap.reapedAt().isBefore(since)) {
                    reaped++;
                    firstReap = firstReap == null || reap.reapedAt().isBefore(firstReap) ? reap.reapedAt() : firstReap;
                    lastReap = lastReap == null || reap.reapedAt().isAfter(lastReap) ? reap.reapedAt() : lastReap;
                }
            }
        }
        long reapOrigin = fault.leaderKilledNanos() != 0 ? fault.leaderKilledNanos() : from;
        return new FaultFigures(
                fault,
                seconds(from - seen.loadStartNanos()),
                seconds(fault.restoredNanos() - from),
                failed,
                seconds(longestGap),
                seconds(slowest),
                undelivered ? Double.NaN : seconds(recovery),
                probe,
                reaped,
                firstReap == null ? Double.NaN : secondsBetween(seen.wall(reapOrigin), firstReap),
                lastReap == null ? Double.NaN : secondsBetween(seen.wall(from), lastReap));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
