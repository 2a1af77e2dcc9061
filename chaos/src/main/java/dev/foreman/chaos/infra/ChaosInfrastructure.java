package dev.foreman.chaos.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.Tenant;
import dev.foreman.common.tenant.TenantQuotaRepository;
import dev.foreman.common.tenant.TenantQuotas;
import dev.foreman.common.tenant.TenantRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Postgres, Kafka and Redis for one chaos run, on fixed ports of 127.0.0.1, each restartable on its
 * own. The testkit's {@code TestInfrastructure} starts and stops the three together (and keeps
 * Kafka in its own JVM, where a stopped broker loses its data), which is what tests want but not
 * what a fault does.
 */
public final class ChaosInfrastructure implements AutoCloseable {
    private final PostgresNode postgres;
    private final RedisNode redis;
    private final KafkaNode kafka;
    private final Clock clock = Clock.systemUTC();
    private HikariDataSource dataSource;

    private ChaosInfrastructure(PostgresNode postgres, RedisNode redis, KafkaNode kafka) {
        this.postgres = postgres;
        this.redis = redis;
        this.kafka = kafka;
    }

    /** Starts the three servers (data under {@code dataDir}, the broker's log in {@code logDir}) and migrates. */
    public static ChaosInfrastructure start(Path dataDir, Path logDir) throws InterruptedException {
        ChaosInfrastructure infra = new ChaosInfrastructure(
                new PostgresNode(dataDir.resolve("postgres"), freePort()),
                new RedisNode(freePort()),
                new KafkaNode(dataDir.resolve("kafka"), freePort(), freePort(), logDir.resolve("kafka.log")));
        try {
            // A thread of this one's, not the common pool: it inherits the context class loader, which
            // is where Kafka's client looks up its classes (Spring Boot's, inside the exec jar).
            AtomicReference<RuntimeException> kafkaFailure = new AtomicReference<>();
            Thread kafka = Thread.ofPlatform().name("chaos-kafka-start").start(() -> {
                try {
                    infra.kafka.start();
                    infra.kafka.createTopics();
                } catch (RuntimeException e) {
                    kafkaFailure.set(e);
                }
            });
            infra.postgres.start();
            infra.redis.start();
            kafka.join();
            if (kafkaFailure.get() != null) {
                throw kafkaFailure.get();
            }
            Flyway.configure()
                    .dataSource(infra.dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return infra;
        } catch (InterruptedException | RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /**
     * The Spring Boot properties that point a service at these servers, and the SSRF guard's dev
     * mode (the chaos target listens on 127.0.0.1).
     */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", postgres.jdbcUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.data.redis.url", redis.url());
        properties.put("foreman.api.targets.allow-private", "true");
        properties.put("foreman.worker.targets.allow-private", "true");
        return properties;
    }

    /** A small pool on the database for the harness's own checks; it reconnects after a restart. */
    public synchronized DataSource dataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("foreman-chaos");
            config.setJdbcUrl(postgres.jdbcUrl());
            config.setUsername("postgres");
            config.setPassword("postgres");
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    /**
     * A tenant with an admin key (returned in clear), its quotas far above anything the run reaches:
     * every submit passes through the rate limiter and the active-jobs quota, none is refused by them.
     */
    public String createTenant(String name) {
        UuidV7 ids = new UuidV7(clock);
        Instant now = clock.instant();
        Tenant tenant = new Tenant(ids.next(), name, ApiKeys.newSigningSecret(), now);
        String apiKey = ApiKeys.newKey();
        JdbcClient jdbc = JdbcClient.create(dataSource());
        TenantRepository tenants = new TenantRepository(jdbc);
        tenants.insertTenant(tenant);
        tenants.insertApiKey(ids.next(), tenant.id(), "chaos admin", apiKey, ApiKeyRole.ADMIN, now);
        new TenantQuotaRepository(jdbc).updateQuotas(tenant.id(), new TenantQuotas(1_000_000, 1_000_000_000L, null));
        return apiKey;
    }

    /** Stops Postgres (fast, or immediate: no checkpoint, crash recovery) and starts it again. */
    public void restartPostgres(boolean immediate) {
        postgres.stop(immediate);
        postgres.start();
    }

    /** Stops Redis (its data is gone) and starts it again, empty, on the same port. */
    public void restartRedis() {
        redis.stop();
        redis.start();
    }

    /** Stops the broker with a controlled shutdown and starts it again on its data. */
    public void restartKafka() {
        kafka.stop();
        kafka.start();
    }

    /** The broker's process, for the resource figures; empty while it is stopped. */
    public List<Long> kafkaPids() {
        Long pid = kafka.pid();
        return pid == null ? List.of() : List.of(pid);
    }

    /** The postmaster and its backends, for the resource figures. */
    public List<Long> postgresPids() {
        return postgres.pids();
    }

    /** The Redis server, a child of this JVM, for the resource figures. */
    public List<Long> redisPids() {
        return ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").contains("redis"))
                .map(ProcessHandle::pid)
                .toList();
    }

    /** Stops everything; the data stays in the directory given to {@link #start}. */
    @Override
    public void close() {
        synchronized (this) {
            if (dataSource != null) {
                dataSource.close();
            }
        }
        for (AutoCloseable server : List.<AutoCloseable>of(kafka, redis, postgres)) {
            try {
                server.close();
            } catch (Exception e) {
                // Stopping the rest matters more than this one's failure.
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
