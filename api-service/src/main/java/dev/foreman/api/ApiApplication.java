package dev.foreman.api;

import dev.foreman.common.migrate.MigrationCommand;
import dev.foreman.common.service.ForemanService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The api-service: the REST API, API key authentication and the outbox relay. */
@SpringBootApplication
@ConfigurationPropertiesScan
@ForemanService("api-service")
public class ApiApplication {

    /** Runs the service, or with {@code migrate [--dry-run]} only the database migrations (then exits). */
    public static void main(String[] args) {
        if (MigrationCommand.isRequested(args)) {
            System.exit(MigrationCommand.run(ApiApplication.class, args));
        }
        SpringApplication.run(ApiApplication.class, args);
    }
}
