package dev.foreman.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The check the deployment tests rely on tells real settings from mistakes. */
class ServiceSettingsTest {
    private final ServiceSettings settings = ServiceSettings.fromClassPath();

    @Test
    void knowsEachServicesOwnSettingsFromTheirConfigurationMetadata() {
        assertThat(settings.foremanProperties())
                .contains(
                        "foreman.api.bootstrap-api-key",
                        "foreman.worker.max-in-flight",
                        "foreman.scheduler.leader-ttl");
        assertThat(settings.reads("worker-service", "FOREMAN_WORKER_MAXINFLIGHT"))
                .isTrue();
        assertThat(settings.reads("scheduler-service", "FOREMAN_SCHEDULER_LEADERTTL"))
                .isTrue();
    }

    @Test
    void readsSpringPropertiesInTheirEnvironmentForm() {
        assertThat(settings.reads("api-service", "SPRING_DATASOURCE_URL")).isTrue();
        assertThat(settings.reads("worker-service", "SPRING_FLYWAY_ENABLED")).isTrue();
        assertThat(settings.reads("api-service", "SPRING_DATASOURCE_HIKARI_DATASOURCEPROPERTIES_SOCKETTIMEOUT"))
                .isTrue();
    }

    @Test
    void readsTheVariablesTheServicesYmlNamesInPlaceholders() {
        assertThat(settings.reads("api-service", "FOREMAN_BOOTSTRAP_API_KEY")).isTrue();
        assertThat(settings.reads("scheduler-service", "FOREMAN_REDIS_URL")).isTrue();
    }

    @Test
    void refusesMisspeltSettingsAndAnotherServicesSettings() {
        assertThat(settings.reads("api-service", "SPRING_DATASOURCE_URLL")).isFalse();
        assertThat(settings.reads("api-service", "FOREMAN_WORKER_MAXINFLIGHT")).isFalse();
        assertThat(settings.reads("worker-service", "FOREMAN_BOOTSTRAP_API_KEY"))
                .isFalse();
        assertThat(settings.reads("worker-service", "FOREMAN_WORKER_NO_SUCH_SETTING"))
                .isFalse();
    }
}
