package dev.foreman.scheduler.retention;

import dev.foreman.common.job.JobState;
import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The deletes of retention. Temporary home: these statements belong with the other SQL on their
 * tables in {@code common} ({@code JobRepository.deleteFinished} and
 * {@code ScheduleRepository.deleteFiresBefore}), where they move next.
 */
@Component
class RetentionRepository {
    private final JdbcClient jdbc;

    RetentionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /*
     * Oldest first, a bounded batch, and SKIP LOCKED so a delete never waits on (or blocks) a row
     * another transaction holds. Attempts and callbacks (with their deliveries) go by ON DELETE
     * CASCADE; outbox rows and fire records have no foreign key to jobs.
     */
    private static final String DELETE_FINISHED = """
            WITH doomed AS (
                SELECT id
                FROM jobs
                WHERE state = :state
                  AND finished_at < :before
                ORDER BY finished_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM jobs
            USING doomed
            WHERE jobs.id = doomed.id
            RETURNING jobs.id
            """;

    /** Deletes up to {@code limit} jobs in {@code state} that finished before {@code before}. */
    List<UUID> deleteFinished(JobState state, Instant before, int limit) {
        return jdbc.sql(DELETE_FINISHED)
                .param("state", state.wireName())
                .param("before", SqlTime.param(before))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /*
     * No ORDER BY: no index leads with fire_at, and sorting the whole table for each batch would
     * cost more than deleting in whatever order the rows come.
     */
    private static final String DELETE_FIRES_BEFORE = """
            WITH doomed AS (
                SELECT schedule_id, fire_at
                FROM schedule_fires
                WHERE fire_at < :before
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM schedule_fires
            USING doomed
            WHERE schedule_fires.schedule_id = doomed.schedule_id
              AND schedule_fires.fire_at = doomed.fire_at
            RETURNING schedule_fires.schedule_id
            """;

    /** Deletes up to {@code limit} fire records of times before {@code before}; answers their schedules. */
    List<UUID> deleteFiresBefore(Instant before, int limit) {
        return jdbc.sql(DELETE_FIRES_BEFORE)
                .param("before", SqlTime.param(before))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }
}
