package dev.foreman.common.migrate;

import java.io.PrintStream;
import java.util.Arrays;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The whole context of the migrate mode: a data source and Flyway, configured by Spring Boot from
 * the service's settings exactly as the service would be, with a strategy that reports what it did
 * (or, on a dry run, what it would do) on standard output.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
class MigrationConfiguration {
    static final String DRY_RUN_PROPERTY = "foreman.migrate.dry-run";

    private final PrintStream out = System.out;

    @Bean
    FlywayMigrationStrategy reportingMigrationStrategy(@Value("${" + DRY_RUN_PROPERTY + ":false}") boolean dryRun) {
        return flyway -> {
            MigrationInfo[] pending = flyway.info().pending();
            if (dryRun) {
                out.printf("foreman migrate --dry-run: %d pending migration(s)%n", pending.length);
                Arrays.stream(pending)
                        .forEach(migration ->
                                out.printf("  pending %s %s%n", migration.getVersion(), migration.getDescription()));
                return;
            }
            MigrateResult result = flyway.migrate();
            out.printf(
                    "foreman migrate: applied %d migration(s); schema at version %s%n",
                    result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        };
    }
}
