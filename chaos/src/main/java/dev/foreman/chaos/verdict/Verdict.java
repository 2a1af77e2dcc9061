package dev.foreman.chaos.verdict;

import dev.foreman.chaos.fault.FaultKind;
import dev.foreman.chaos.load.Submissions;
import dev.foreman.chaos.target.Delivery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The end of a run: its checks, each passed or failed with evidence, and each fault's figures. A run
 * passes when every check does.
 *
 * @param latencyMillis acknowledgement to first delivery of every acknowledged job, in milliseconds
 */
public record Verdict(
        RunRecord run,
        List<Check> checks,
        List<FaultFigures> figures,
        Duplicates duplicates,
        Histogram latencyMillis,
        long acknowledged,
        long cronTicks) {

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** Runs the checks against Postgres and what the clients and the target saw. */
    public static Verdict reach(RunRecord run, DataSource dataSource) {
        JobLedger ledger = new JobLedger(dataSource);
        Submissions submissions = run.submissions();
        List<Submissions.Ack> acks = submissions.acks().stream()
                .sorted(Comparator.comparingLong(Submissions.Ack::ackNanos))
                .toList();
        Set<UUID> acknowledged = new LinkedHashSet<>();
        acks.forEach(ack -> acknowledged.add(ack.job()));
        Map<UUID, List<Delivery>> deliveries = run.target().all();

        List<Check> checks = new ArrayList<>();
        List<JobLedger.NotSucceeded> notSucceeded = ledger.findNotSucceeded(acknowledged);
        List<String> stuck = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (JobLedger.NotSucceeded job : notSucceeded) {
            String line = "job " + job.id() + " " + job.state() + " after attempt " + job.attempt()
                    + (job.leaseOwner() == null ? "" : ", leased to " + job.leaseOwner())
                    + (job.lastError() == null ? "" : ", last error: " + job.lastError());
            (Set.of("dead", "cancelled").contains(job.state()) ? failed : stuck).add(line);
        }
        checks.add(Check.of(
                "every acknowledged job succeeded",
                String.format(
                        "%,d acknowledged, %,d succeeded, %,d dead or cancelled",
                        acknowledged.size(), acknowledged.size() - notSucceeded.size(), failed.size()),
                failed));
        checks.add(Check.of(
                "no job stuck",
                String.format(
                        "%,d acknowledged jobs not finished %.0f s after the load", stuck.size(), run.drainSeconds()),
                stuck));
        List<String> neverDelivered = new ArrayList<>();
        Set<UUID> failedOrStuck = new java.util.HashSet<>();
        notSucceeded.forEach(job -> failedOrStuck.add(job.id()));
        for (UUID job : acknowledged) {
            if (!failedOrStuck.contains(job)
                    && deliveries.getOrDefault(job, List.of()).isEmpty()) {
                neverDelivered.add("job " + job + " succeeded but the target never received it");
            }
        }
        if (run.target().strays() > 0) {
            neverDelivered.add(run.target().strays() + " requests at the target named no job");
        }
        checks.add(Check.of(
                "every succeeded job reached the target",
                String.format("%,d requests at the target", run.target().requests()),
                neverDelivered));
        List<String> overlaps = Overlaps.find(deliveries, run.loadStartNanos());
        checks.add(Check.of(
                "no two attempts of a job open at the target at once",
                String.format("%,d jobs' requests compared", deliveries.size()),
                overlaps));
        long[] ticks = new long[1];
        List<String> cron = CronTicks.violations(
                run.schedules(),
                ledger.findFires(run.schedules()),
                ledger.findScheduledJobs(run.schedules()),
                deliveries,
                run.schedulesCreatedAt(),
                run.schedulesPausedAt(),
                ticks);
        checks.add(Check.of(
                "each cron tick fired once",
                String.format("%d schedules, %,d ticks", run.schedules().size(), ticks[0]),
                cron));
        List<String> unacknowledged = new ArrayList<>(submissions.givenUp());
        submissions.rejected().forEach(rejected -> unacknowledged.add("rejected " + rejected));
        checks.add(Check.of(
                "every submit acknowledged",
                String.format(
                        "%,d failed tries retried, %,d given up, %,d rejected",
                        submissions.failures().size(),
                        submissions.givenUp().size(),
                        submissions.rejected().size()),
                unacknowledged));

        Map<UUID, Long> firstDelivery = new HashMap<>();
        deliveries.forEach((job, list) ->
                list.stream().mapToLong(Delivery::startNanos).min().ifPresent(first -> firstDelivery.put(job, first)));
        Histogram latency = new Histogram(3_600_000L, 3);
        for (Submissions.Ack ack : acks) {
            Long first = firstDelivery.get(ack.job());
            if (first != null) {
                latency.recordValue(Math.max(0, Math.min(3_600_000L, (first - ack.ackNanos()) / 1_000_000)));
            }
        }
        long[] failures = submissions.failures().stream()
                .mapToLong(Submissions.Failure::nanos)
                .sorted()
                .toArray();
        boolean anyWorkerFault = run.faults().stream()
                .anyMatch(f -> f.kind() == FaultKind.KILL_WORKER || f.kind() == FaultKind.PAUSE_WORKER);
        List<JobLedger.ReapedLease> reaps =
                anyWorkerFault ? ledger.findLeasesReapedSince(run.loadStartInstant()) : List.of();
        List<FaultFigures> figures = FaultFigures.of(
                run.faults(),
                new FaultFigures.Observations(
                        acks,
                        failures,
                        firstDelivery,
                        reaps,
                        run.loadStartNanos(),
                        run.loadEndNanos(),
                        run.loadStartInstant()));
        return new Verdict(run, checks, figures, Duplicates.count(deliveries), latency, acknowledged.size(), ticks[0]);
    }
}
