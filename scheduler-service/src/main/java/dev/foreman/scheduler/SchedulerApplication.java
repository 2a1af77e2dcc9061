package dev.foreman.scheduler;

import dev.foreman.common.service.ForemanService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The scheduler: one elected leader promotes due jobs, reaps expired leases and publishes lost jobs
 * again (later also fires crons).
 */
@SpringBootApplication
@ForemanService("scheduler-service")
@EnableConfigurationProperties(SchedulerProperties.class)
public class SchedulerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SchedulerApplication.class, args);
    }
}
