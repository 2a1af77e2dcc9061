package dev.foreman.chaos.verdict;

import dev.foreman.chaos.target.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Whether each every-second schedule fired each tick exactly once between its creation and its
 * pause: consecutive fire times one second apart, each fire made one job (and no job came without
 * a fire), each such job succeeded and reached the target.
 */
final class CronTicks {
    private static final Duration TICK = Duration.ofSeconds(1);
    /** How far the first and last fires may be from the creation and the pause: the cron round and a busy machine. */
    private static final Duration EDGE = Duration.ofSeconds(3);

    private CronTicks() {}

    /** The violations; {@code ticks} gets the number of fires checked. */
    static List<String> violations(
            List<UUID> schedules,
            List<JobLedger.Fire> fires,
            List<JobLedger.ScheduledJob> jobs,
            Map<UUID, List<Delivery>> deliveries,
            Instant createdAt,
            Instant pausedAt,
            long[] ticks) {
        List<String> violations = new ArrayList<>();
        Set<UUID> firedJobs = new HashSet<>();
        for (UUID schedule : schedules) {
            List<JobLedger.Fire> own = fires.stream()
                    .filter(fire -> fire.scheduleId().equals(schedule))
                    .toList();
            ticks[0] += own.size();
            if (own.isEmpty()) {
                violations.add("schedule " + schedule + " never fired");
                continue;
            }
            if (own.getFirst().fireAt().isAfter(createdAt.plus(EDGE))) {
                violations.add("schedule " + schedule + ": first fire "
                        + own.getFirst().fireAt() + " more than " + EDGE.toSeconds() + " s after its creation at "
                        + createdAt);
            }
            if (own.getLast().fireAt().isBefore(pausedAt.minus(EDGE))) {
                violations.add(
                        "schedule " + schedule + ": last fire " + own.getLast().fireAt() + " more than "
                                + EDGE.toSeconds() + " s before its pause at " + pausedAt);
            }
            for (int i = 0; i < own.size(); i++) {
                JobLedger.Fire fire = own.get(i);
                if (i > 0) {
                    Duration step = Duration.between(own.get(i - 1).fireAt(), fire.fireAt());
                    if (!step.equals(TICK)) {
                        violations.add("schedule " + schedule + ": ticks from "
                                + own.get(i - 1).fireAt() + " to " + fire.fireAt() + " are " + step.toMillis()
                                + " ms apart, not one second");
                    }
                }
                if (!"fired".equals(fire.outcome()) || fire.jobId() == null) {
                    violations.add("schedule " + schedule + ": tick " + fire.fireAt() + " " + fire.outcome()
                            + (fire.jobId() == null ? ", no job" : ""));
                    continue;
                }
                firedJobs.add(fire.jobId());
                if (!"succeeded".equals(fire.jobState())) {
                    violations.add("schedule " + schedule + ": tick " + fire.fireAt() + " job " + fire.jobId() + " is "
                            + fire.jobState());
                } else if (deliveries.getOrDefault(fire.jobId(), List.of()).isEmpty()) {
                    violations.add("schedule " + schedule + ": tick " + fire.fireAt() + " job " + fire.jobId()
                            + " succeeded but never reached the target");
                }
            }
        }
        for (JobLedger.ScheduledJob job : jobs) {
            if (!firedJobs.contains(job.id())) {
                violations.add("schedule " + job.scheduleId() + ": job " + job.id() + " (" + job.state()
                        + ") belongs to no fire: a tick fired twice");
            }
        }
        return violations;
    }
}
