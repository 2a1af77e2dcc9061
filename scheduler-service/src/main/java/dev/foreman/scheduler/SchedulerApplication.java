package dev.foreman.scheduler;

import dev.foreman.common.migrate.MigrationCommand;
import dev.foreman.common.service.ForemanService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The scheduler: one elected leader promotes due jobs, fires cron schedules, reaps expired leases,
 * publishes lost jobs again and deletes what is past its retention.
 */
@SpringBootApplication
@ForemanService("scheduler-service")
@EnableConfigurationProperties(SchedulerProperties.class)
public class SchedulerApplication {

    /** Runs the service, or with {@code migrate [--dry-run]} only the database migrations (then exits). */
    public static void main(String[] args) {
        if (MigrationCommand.isRequested(args)) {
            System.exit(MigrationCommand.run(SchedulerApplication.class, args));
        }
        SpringApplication.run(SchedulerApplication.class, args);
    }
}
