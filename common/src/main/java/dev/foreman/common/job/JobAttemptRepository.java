package dev.foreman.common.job;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads of {@code job_attempts}. Rows are written by {@link JobRepository#finishAttempts}. */
public class JobAttemptRepository {
    private final JdbcClient jdbc;

    public JobAttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FIND_BY_TENANT_AND_JOB = """
            SELECT job_attempts.*
            FROM job_attempts
            JOIN jobs ON jobs.id = job_attempts.job_id
            WHERE jobs.tenant_id = :tenantId
              AND job_attempts.job_id = :jobId
            ORDER BY job_attempts.attempt
            """;

    /** The attempt timeline of a tenant's job, first attempt first. */
    public List<JobAttempt> findByTenantAndJob(UUID tenantId, UUID jobId) {
        return jdbc.sql(FIND_BY_TENANT_AND_JOB)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .query((rs, n) -> {
                    int status = rs.getInt("http_status");
                    Integer httpStatus = rs.wasNull() ? null : status;
                    return new JobAttempt(
                            rs.getObject("job_id", UUID.class),
                            rs.getInt("attempt"),
                            rs.getString("worker"),
                            SqlTime.read(rs, "started_at"),
                            SqlTime.read(rs, "finished_at"),
                            AttemptOutcome.fromWireName(rs.getString("outcome")),
                            httpStatus,
                            rs.getString("error"),
                            rs.getInt("duration_ms"));
                })
                .list();
    }
}
