package dev.foreman.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.testkit.infra.Ports;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BannerTest {
    private static final String KEY = "fm_0123456789abcdef0123456789abcdef";
    private static final Banner.Addresses INFRA = new Banner.Addresses(
            "jdbc:postgresql://127.0.0.1:15432/postgres",
            "postgres",
            "postgres",
            "127.0.0.1:19092",
            "redis://127.0.0.1:16379");

    @Test
    void theInfrastructureBannerBootstrapsWithTheDataDirectorysDevKey() {
        DevstackSettings settings = new DevstackSettings(
                Path.of("/tmp/devstack-banner"), new Ports(15432, 19092, 16379), 8080, 8081, 8082, 8089);

        String banner = Banner.infrastructure(INFRA, settings, KEY, Duration.ofSeconds(3));

        assertThat(banner)
                .contains("export FOREMAN_BOOTSTRAP_API_KEY='" + KEY + "'")
                .contains("export SPRING_DATASOURCE_URL='" + INFRA.jdbcUrl() + "'")
                .doesNotContain("fm_dev_change_me");
    }
}
