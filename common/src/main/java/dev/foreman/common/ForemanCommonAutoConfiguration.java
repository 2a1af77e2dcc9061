package dev.foreman.common;

import dev.foreman.common.audit.AuditRepository;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.common.tenant.TenantRepository;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
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
    TenantRepository tenantRepository(JdbcClient jdbc) {
        return new TenantRepository(jdbc);
    }

    @Bean
    AuditRepository auditRepository(JdbcClient jdbc) {
        return new AuditRepository(jdbc);
    }
}
