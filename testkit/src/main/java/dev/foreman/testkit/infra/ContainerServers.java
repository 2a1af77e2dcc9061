package dev.foreman.testkit.infra;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Starts Postgres, Kafka and Redis as Docker containers through Testcontainers, all three at once.
 * Images can be overridden with {@code -Dforeman.infra.postgres-image=...}, {@code
 * foreman.infra.kafka-image} and {@code foreman.infra.redis-image}.
 */
final class ContainerServers {
    private static final String POSTGRES_IMAGE = "postgres:17";
    private static final String KAFKA_IMAGE = "apache/kafka:4.0.0";
    private static final String REDIS_IMAGE = "redis:7";
    private static final int REDIS_PORT = 6379;

    private ContainerServers() {}

    static StartedServers start() {
        long started = System.nanoTime();
        ConcurrentStartup startup = new ConcurrentStartup();
        Future<PostgreSQLContainer> postgres = startup.submit(ContainerServers::startPostgres);
        Future<KafkaContainer> kafka = startup.submit(ContainerServers::startKafkaWithTopics);
        Future<GenericContainer<?>> redis = startup.submit(ContainerServers::startRedis);
        startup.awaitAll();
        PostgreSQLContainer pg = postgres.resultNow();
        GenericContainer<?> rd = redis.resultNow();
        return new StartedServers(
                "containers",
                new PostgresEndpoint(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword()),
                kafka.resultNow().getBootstrapServers(),
                "redis://" + rd.getHost() + ":" + rd.getMappedPort(REDIS_PORT),
                List.of(kafka.resultNow(), rd, pg),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static PostgreSQLContainer startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(image("postgres", POSTGRES_IMAGE))
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand(
                        "postgres",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off",
                        "-c",
                        "max_connections=300",
                        "-c",
                        "timezone=UTC");
        postgres.start();
        return postgres;
    }

    private static KafkaContainer startKafkaWithTopics() {
        KafkaContainer kafka = new KafkaContainer(image("kafka", KAFKA_IMAGE))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(DispatchTopics.PARTITIONS));
        kafka.start();
        try {
            DispatchTopics.createIn(kafka.getBootstrapServers());
            return kafka;
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
    }

    private static GenericContainer<?> startRedis() {
        GenericContainer<?> redis = new GenericContainer<>(image("redis", REDIS_IMAGE))
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        redis.start();
        return redis;
    }

    private static String image(String server, String defaultImage) {
        return System.getProperty("foreman.infra." + server + "-image", defaultImage);
    }
}
