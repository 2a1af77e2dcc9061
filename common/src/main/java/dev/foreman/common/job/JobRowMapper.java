package dev.foreman.common.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/** Maps a full {@code jobs} row, also one rebuilt from a snapshot (the callbacks' report). */
public final class JobRowMapper implements RowMapper<Job> {
    public static final JobRowMapper INSTANCE = new JobRowMapper();

    @Override
    public Job mapRow(ResultSet rs, int rowNum) throws SQLException {
        long maxRetryMs = rs.getLong("max_retry_duration_ms");
        Duration maxRetry = rs.wasNull() ? null : Duration.ofMillis(maxRetryMs);
        int resultStatus = rs.getInt("result_status");
        boolean hasResult = !rs.wasNull();
        int resultDuration = rs.getInt("result_duration_ms");
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("queue"),
                rs.getString("type"),
                Priority.fromWireName(rs.getString("priority")),
                JobState.fromWireName(rs.getString("state")),
                rs.getInt("attempt"),
                SqlTime.read(rs, "run_at"),
                SqlTime.read(rs, "created_at"),
                SqlTime.read(rs, "updated_at"),
                SqlTime.read(rs, "started_at"),
                SqlTime.read(rs, "finished_at"),
                new JobTarget(
                        rs.getString("target_url"),
                        rs.getString("target_method"),
                        JsonColumns.readMap(rs.getString("target_headers"))),
                rs.getString("payload"),
                Duration.ofMillis(rs.getInt("timeout_ms")),
                new RetryPolicy(
                        rs.getInt("max_attempts"),
                        Duration.ofMillis(rs.getLong("min_backoff_ms")),
                        Duration.ofMillis(rs.getLong("max_backoff_ms")),
                        rs.getInt("max_doublings"),
                        maxRetry),
                rs.getString("last_error"),
                hasResult ? new JobResult(resultStatus, rs.getString("result_body"), resultDuration) : null,
                rs.getString("idempotency_key"),
                rs.getString("callback_url"),
                JsonColumns.readMap(rs.getString("labels")),
                rs.getObject("schedule_id", UUID.class),
                rs.getString("lease_owner"),
                SqlTime.read(rs, "lease_expires_at"),
                rs.getInt("budget_start_attempt"),
                SqlTime.read(rs, "budget_started_at"),
                rs.getString("traceparent"));
    }
}
