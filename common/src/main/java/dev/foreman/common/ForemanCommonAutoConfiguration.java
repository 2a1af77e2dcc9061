package dev.foreman.common;

import dev.foreman.common.audit.AuditRepository;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.events.JobEventRepository;
import dev.foreman.common.events.JobEventsSwitch;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.logs.LogContext;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.WorkerHeartbeatRepository;
import dev.foreman.common.tenant.TenantQuotaRepository;
import dev.foreman.common.tenant.TenantRepository;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The shared beans every service gets: the clock, id generation and the repositories. */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
public class ForemanCommonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    UuidV7 uuidV7(Clock clock) {
        return new UuidV7(clock);
    }

    @Bean
    JobRepository jobRepository(JdbcClient jdbc) {
        return new JobRepository(jdbc);
    }

    @Bean
    JobAttemptRepository jobAttemptRepository(JdbcClient jdbc) {
        return new JobAttemptRepository(jdbc);
    }

    @Bean
    OutboxRepository outboxRepository(JdbcClient jdbc) {
        return new OutboxRepository(jdbc);
    }

    @Bean
    CallbackRepository callbackRepository(JdbcClient jdbc) {
        return new CallbackRepository(jdbc);
    }

    @Bean
    ScheduleRepository scheduleRepository(JdbcClient jdbc) {
        return new ScheduleRepository(jdbc);
    }

    @Bean
    QueueRepository queueRepository(JdbcClient jdbc) {
        return new QueueRepository(jdbc);
    }

    @Bean
    ParkedJobRepository parkedJobRepository(JdbcClient jdbc) {
        return new ParkedJobRepository(jdbc);
    }

    @Bean
    TenantRepository tenantRepository(JdbcClient jdbc) {
        return new TenantRepository(jdbc);
    }

    @Bean
    AuditRepository auditRepository(JdbcClient jdbc) {
        return new AuditRepository(jdbc);
    }

    @Bean
    TenantQuotaRepository tenantQuotaRepository(JdbcClient jdbc) {
        return new TenantQuotaRepository(jdbc);
    }

    @Bean
    JobStatsRepository jobStatsRepository(JdbcClient jdbc) {
        return new JobStatsRepository(jdbc);
    }

    @Bean
    WorkerHeartbeatRepository workerHeartbeatRepository(JdbcClient jdbc) {
        return new WorkerHeartbeatRepository(jdbc);
    }

    @Bean
    JobEventRepository jobEventRepository(JdbcClient jdbc) {
        return new JobEventRepository(jdbc);
    }

    /**
     * The logging context of jobs and traces, filled only when structured (JSON) logging is on:
     * {@code logging.structured.format.console} or {@code logging.structured.format.file} is set.
     */
    @Bean
    LogContext logContext(Environment environment) {
        return LogContext.of(hasText(environment.getProperty("logging.structured.format.console"))
                || hasText(environment.getProperty("logging.structured.format.file")));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** {@code foreman.events.publish=false} (FOREMAN_EVENTS_PUBLISH) stops recording job events. */
    @Bean
    static JobEventsSwitch jobEventsSwitch(Environment environment) {
        return new JobEventsSwitch(environment.getProperty("foreman.events.publish", Boolean.class, true));
    }
}
