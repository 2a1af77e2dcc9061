package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.process.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Migrations as a step of their own, the way a rollout runs them: the service jar's {@code migrate}
 * mode applies them to a fresh database and exits 0, and a service told not to migrate
 * ({@code SPRING_FLYWAY_ENABLED=false}) then starts on that schema without touching it.
 */
class MigrateModeProcessIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @Test
    void migrateModeMigratesAndExitsThenAServiceStartsWithMigrationOff() {
        String database = infra.emptySchemaUrl("migrate_mode");
        Map<String, String> onFreshDatabase = Map.of("SPRING_DATASOURCE_URL", database);

        String dryRun = runToExit("dry-run", onFreshDatabase, "migrate", "--dry-run");
        assertThat(dryRun).containsPattern("foreman migrate --dry-run: [1-9][0-9]* pending migration\\(s\\)");
        assertThat(dryRun).contains("pending 1 ");

        String migrate = runToExit("migrate", onFreshDatabase, "migrate");
        assertThat(migrate).containsPattern("foreman migrate: applied [1-9][0-9]* migration\\(s\\)");

        String again = runToExit("dry-run-again", onFreshDatabase, "migrate", "--dry-run");
        assertThat(again).contains("foreman migrate --dry-run: 0 pending migration(s)");

        try (ServiceProcess worker = ServiceProcess.start(
                "worker-service",
                "worker-without-migrations",
                Map.of("SPRING_DATASOURCE_URL", database, "SPRING_FLYWAY_ENABLED", "false"))) {
            await("the worker with migration off is ready").atMost(PATIENCE).until(worker::isReady);
            assertThat(worker.output()).doesNotContain("Successfully validated");
        }
    }

    @Test
    void migrateModeExitsNonZeroWhenTheDatabaseCannotBeReached() {
        String output = runToExit(
                "unreachable", Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/foreman"), 1, "migrate");
        assertThat(output).contains("foreman migrate: failed");
    }

    private String runToExit(String name, Map<String, String> settings, String... args) {
        return runToExit(name, settings, 0, args);
    }

    private String runToExit(String name, Map<String, String> settings, int expectedExitCode, String... args) {
        try (ServiceProcess migration = ServiceProcess.start("worker-service", name, settings, List.of(args))) {
            assertThat(migration.awaitExit(PATIENCE)).as("%s exits", migration).isTrue();
            assertThat(migration.exitCode()).as("exit code of %s", migration).isEqualTo(expectedExitCode);
            return migration.output();
        }
    }
}
