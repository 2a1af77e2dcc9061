package dev.foreman.worker;

import dev.foreman.common.migrate.MigrationCommand;
import dev.foreman.common.service.ForemanService;
import dev.foreman.worker.flow.FlowProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The worker: takes dispatch records off Kafka, claims the jobs and delivers them over HTTP. */
@SpringBootApplication
@ForemanService("worker-service")
@EnableConfigurationProperties({WorkerProperties.class, FlowProperties.class})
public class WorkerApplication {

    /** Runs the service, or with {@code migrate [--dry-run]} only the database migrations (then exits). */
    public static void main(String[] args) {
        if (MigrationCommand.isRequested(args)) {
            System.exit(MigrationCommand.run(WorkerApplication.class, args));
        }
        SpringApplication.run(WorkerApplication.class, args);
    }
}
