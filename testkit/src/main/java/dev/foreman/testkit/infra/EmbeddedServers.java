package dev.foreman.testkit.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;

/** Starts Postgres, Kafka and Redis on this machine without Docker, all three at once. */
final class EmbeddedServers {
    private EmbeddedServers() {}

    /**
     * @param postgresData where Postgres keeps its data between runs, or null for a throw-away
     *     server tuned for speed
     */
    static StartedServers start(Path postgresData, Ports ports) {
        long started = System.nanoTime();
        ConcurrentStartup startup = new ConcurrentStartup();
        Future<EmbeddedPostgresServer> postgres = startup.submit(() -> postgresData == null
                ? EmbeddedPostgresServer.startEphemeral(ports.postgres())
                : EmbeddedPostgresServer.startPersistent(postgresData, ports.postgres()));
        Future<EmbeddedKafkaServer> kafka = startup.submit(() -> startKafkaWithTopics(ports.kafka()));
        Future<EmbeddedRedisServer> redis = startup.submit(() -> EmbeddedRedisServer.start(ports.redis()));
        startup.awaitAll();
        return new StartedServers(
                "embedded",
                postgres.resultNow().endpoint(),
                kafka.resultNow().bootstrapServers(),
                redis.resultNow().url(),
                List.of(kafka.resultNow(), redis.resultNow(), postgres.resultNow()),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static EmbeddedKafkaServer startKafkaWithTopics(int port) throws IOException {
        EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(port);
        try {
            DispatchTopics.createIn(kafka.bootstrapServers());
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }
}
