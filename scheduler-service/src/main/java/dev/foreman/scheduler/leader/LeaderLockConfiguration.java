package dev.foreman.scheduler.leader;

import dev.foreman.scheduler.SchedulerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class LeaderLockConfiguration {

    @Bean
    LeaderElection leaderElection(
            StringRedisTemplate redis,
            DataSourceProperties dataSource,
            SchedulerProperties properties,
            Clock clock,
            MeterRegistry meters) {
        Duration ttl = properties.leaderTtl();
        LeaderElection election = new LeaderElection(
                new LeaderLock(redis, LeaderLock.KEY, InstanceId.generate(), ttl, clock),
                new AdvisoryLock(advisoryConnections(dataSource, ttl), LeaderLock.KEY, ttl, clock),
                ttl);
        for (LeaderElection.Lock lock : List.of(LeaderElection.Lock.REDIS, LeaderElection.Lock.POSTGRES)) {
            Gauge.builder("foreman.scheduler.leader", election, e -> e.leadingBy() == lock ? 1 : 0)
                    .description("1 while this instance leads by this lock (postgres: Redis is unreachable)")
                    .tag("lock", lock.name().toLowerCase(Locale.ROOT))
                    .register(meters);
        }
        return election;
    }

    /**
     * Connections for the advisory lock, from {@code spring.datasource.*} but outside the pool.
     * Every wait is bounded by a third of the TTL, because the same thread renews the Redis lock.
     */
    static AdvisoryLock.ConnectionSource advisoryConnections(DataSourceProperties dataSource, Duration ttl) {
        String url = dataSource.determineUrl();
        Properties settings = new Properties();
        if (dataSource.determineUsername() != null) {
            settings.setProperty("user", dataSource.determineUsername());
        }
        if (dataSource.determinePassword() != null) {
            settings.setProperty("password", dataSource.determinePassword());
        }
        settings.putAll(advisoryConnectionSettings(ttl));
        return () -> DriverManager.getConnection(url, settings);
    }

    /**
     * pgjdbc settings of the advisory lock's connection: every wait bounded by a third of the TTL,
     * and a server-side keepalive of about two TTLs, after which Postgres ends the session of a
     * holder whose host vanished and so frees the lock (the default, two hours, would keep every
     * instance from leading through a Redis outage for that long).
     */
    static Properties advisoryConnectionSettings(Duration ttl) {
        long third = Math.max(1, ttl.dividedBy(3).toSeconds());
        long idle = Math.max(1, ttl.toSeconds());
        Properties settings = new Properties();
        settings.setProperty("connectTimeout", String.valueOf(third));
        settings.setProperty("loginTimeout", String.valueOf(third));
        settings.setProperty("socketTimeout", String.valueOf(third));
        settings.setProperty("ApplicationName", "foreman-scheduler-leader");
        settings.setProperty(
                "options",
                "-c tcp_keepalives_idle=" + idle + " -c tcp_keepalives_interval=" + third
                        + " -c tcp_keepalives_count=3");
        return settings;
    }
}
