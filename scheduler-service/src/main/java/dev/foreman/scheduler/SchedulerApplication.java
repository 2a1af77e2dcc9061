package dev.foreman.scheduler;

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

    public static void main(String[] args) {
        SpringApplication.run(SchedulerApplication.class, args);
    }
}
