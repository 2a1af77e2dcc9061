package dev.foreman.scheduler.leader;

import dev.foreman.testkit.infra.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Leader elections over real Redis and Postgres, each test on a Redis key and an advisory lock of
 * its own, so no test sees another's leader. Stops every election it made (releasing its locks) when closed.
 */
final class TestElections implements AutoCloseable {
    private final String key = "foreman:test:leader:" + UUID.randomUUID();
    private final Duration ttl;
    private final List<LeaderElection> made = new ArrayList<>();

    TestElections(Duration ttl) {
        this.ttl = ttl;
    }

    /** The Redis key, which is also the advisory lock's name. */
    String key() {
        return key;
    }

    /** An instance named {@code name} that reaches Redis through {@code redis}; not started. */
    LeaderElection election(String name, StringRedisTemplate redis) {
        LeaderElection election = new LeaderElection(
                new LeaderLock(redis, key, name + "-" + UUID.randomUUID(), ttl, Clock.systemUTC()),
                new AdvisoryLock(TestElections::openConnection, key, ttl, Clock.systemUTC()),
                ttl);
        made.add(election);
        return election;
    }

    /** {@link #election} started: it ticks every third of the TTL. */
    LeaderElection started(String name, StringRedisTemplate redis) {
        LeaderElection election = election(name, redis);
        election.start();
        return election;
    }

    private static Connection openConnection() throws SQLException {
        TestInfrastructure infra = TestInfrastructure.shared();
        Properties settings = LeaderLockConfiguration.advisoryConnectionSettings(Duration.ofSeconds(3));
        settings.setProperty("user", infra.username());
        settings.setProperty("password", infra.password());
        return DriverManager.getConnection(infra.jdbcUrl(), settings);
    }

    @Override
    public void close() {
        made.forEach(LeaderElection::stop);
    }
}
