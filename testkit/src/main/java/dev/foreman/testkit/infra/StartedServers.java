package dev.foreman.testkit.infra;

import java.time.Duration;
import java.util.List;

/**
 * Postgres, Kafka and Redis, up and reachable.
 *
 * @param kind how they run: {@code embedded} or {@code containers}
 * @param servers what to close to stop them, in the order to close them
 * @param startupTime how long the three took to start together
 */
record StartedServers(
        String kind,
        PostgresEndpoint postgres,
        String kafkaBootstrapServers,
        String redisUrl,
        List<AutoCloseable> servers,
        Duration startupTime) {}
