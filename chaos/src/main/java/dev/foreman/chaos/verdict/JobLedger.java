package dev.foreman.chaos.verdict;

import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The harness's reads of Postgres, the truth it checks what clients and the target saw against. */
public final class JobLedger {
    private static final int CHUNK = 10_000;

    private static final String FIND_NOT_SUCCEEDED = """
            SELECT id, state, attempt, lease_owner, last_error
            FROM jobs
            WHERE id = ANY(:ids::uuid[])
              AND state <> 'succeeded'
            """;

    private static final String COUNT_UNFINISHED = """
            SELECT count(*)
            FROM jobs
            WHERE id = ANY(:ids::uuid[])
              AND state NOT IN ('succeeded', 'dead', 'cancelled')
            """;

    private static final String COUNT_UNFINISHED_OF_SCHEDULES = """
            SELECT count(*)
            FROM jobs
            WHERE schedule_id = ANY(:scheduleIds::uuid[])
              AND state NOT IN ('succeeded', 'dead', 'cancelled')
            """;

    private static final String FIND_LEASES_REAPED_SINCE = """
            SELECT worker, finished_at
            FROM job_attempts
            WHERE outcome = 'lease_expired'
              AND finished_at >= :since
            ORDER BY finished_at
            """;

    private static final String FIND_FIRES = """
            SELECT f.schedule_id, f.fire_at, f.outcome, f.job_id, j.state
            FROM schedule_fires f
            LEFT JOIN jobs j ON j.id = f.job_id
            WHERE f.schedule_id = ANY(:scheduleIds::uuid[])
            ORDER BY f.schedule_id, f.fire_at
            """;

    private static final String FIND_SCHEDULED_JOBS = """
            SELECT id, schedule_id, state
            FROM jobs
            WHERE schedule_id = ANY(:scheduleIds::uuid[])
            """;

    /** A job that did not end {@code succeeded}, as Postgres has it. */
    record NotSucceeded(UUID id, String state, int attempt, String leaseOwner, String lastError) {}

    record ReapedLease(String worker, Instant reapedAt) {}

    record Fire(UUID scheduleId, Instant fireAt, String outcome, UUID jobId, String jobState) {}

    record ScheduledJob(UUID id, UUID scheduleId, String state) {}

    private final JdbcClient jdbc;

    public JobLedger(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    List<NotSucceeded> findNotSucceeded(Collection<UUID> ids) {
        List<NotSucceeded> found = new ArrayList<>();
        for (String[] chunk : chunks(ids)) {
            found.addAll(jdbc.sql(FIND_NOT_SUCCEEDED)
                    .param("ids", chunk)
                    .query((rs, n) -> new NotSucceeded(
                            rs.getObject("id", UUID.class),
                            rs.getString("state"),
                            rs.getInt("attempt"),
                            rs.getString("lease_owner"),
                            rs.getString("last_error")))
                    .list());
        }
        return found;
    }

    /** How many of {@code ids} are not finished (succeeded, dead or cancelled). */
    public long countUnfinished(Collection<UUID> ids) {
        long unfinished = 0;
        for (String[] chunk : chunks(ids)) {
            unfinished += jdbc.sql(COUNT_UNFINISHED)
                    .param("ids", chunk)
                    .query(Long.class)
                    .single();
        }
        return unfinished;
    }

    /** How many jobs the schedules made are not finished. */
    public long countUnfinishedOfSchedules(List<UUID> scheduleIds) {
        return jdbc.sql(COUNT_UNFINISHED_OF_SCHEDULES)
                .param("scheduleIds", scheduleIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    List<ReapedLease> findLeasesReapedSince(Instant since) {
        return jdbc.sql(FIND_LEASES_REAPED_SINCE)
                .param("since", SqlTime.param(since))
                .query((rs, n) -> new ReapedLease(
                        rs.getString("worker"), rs.getTimestamp("finished_at").toInstant()))
                .list();
    }

    List<Fire> findFires(List<UUID> scheduleIds) {
        return jdbc.sql(FIND_FIRES)
                .param("scheduleIds", scheduleIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> new Fire(
                        rs.getObject("schedule_id", UUID.class),
                        rs.getTimestamp("fire_at").toInstant(),
                        rs.getString("outcome"),
                        rs.getObject("job_id", UUID.class),
                        rs.getString("state")))
                .list();
    }

    List<ScheduledJob> findScheduledJobs(List<UUID> scheduleIds) {
        return jdbc.sql(FIND_SCHEDULED_JOBS)
                .param("scheduleIds", scheduleIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> new ScheduledJob(
                        rs.getObject("id", UUID.class), rs.getObject("schedule_id", UUID.class), rs.getString("state")))
                .list();
    }

    private static List<String[]> chunks(Collection<UUID> ids) {
        List<UUID> all = List.copyOf(ids);
        List<String[]> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)).stream()
                    .map(UUID::toString)
                    .toArray(String[]::new));
        }
        return chunks;
    }
}
