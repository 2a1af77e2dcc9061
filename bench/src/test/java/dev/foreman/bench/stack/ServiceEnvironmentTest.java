package dev.foreman.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    @Test
    void namesVariablesTheWaySpringBootBindsThem() {
        Map<String, String> environment = ServiceEnvironment.of(Map.of(
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "spring.kafka.bootstrap-servers", "127.0.0.1:9092",
                "spring.data.redis.url", "redis://127.0.0.1:6379"));

        assertThat(environment)
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")
                .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", "127.0.0.1:9092")
                .containsEntry("SPRING_DATA_REDIS_URL", "redis://127.0.0.1:6379")
                .hasSize(3);
    }
}
