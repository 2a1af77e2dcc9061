package dev.foreman.testkit.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.Tenant;
import dev.foreman.common.tenant.TenantRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real Postgres 17, Kafka (KRaft, topics {@code foreman.jobs.high|normal|low} with 6 partitions
 * each) and Redis, for integration tests and the devstack.
 *
 * <p>Tests use {@link #shared()}: the servers start once per JVM, on first use, and stop in a
 * shutdown hook. By default they are embedded (Postgres and Redis as child processes, Kafka inside
 * this JVM; no Docker); {@code -Dforeman.infra=containers} (or {@code FOREMAN_INFRA=containers})
 * starts Testcontainers instead. Tests share one database, so each test isolates itself with a
 * fresh tenant ({@link #createTenant}) and asserts on the ids it created, never on global counts.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     TestInfrastructure.registerSpringProperties(registry);
 * }
 * }</pre>
 *
 * <p>The devstack uses {@link #startEmbedded(Path, Ports)} instead: its own servers, Postgres data
 * kept between restarts, optionally on fixed ports.
 */
public final class TestInfrastructure implements AutoCloseable {
    /** The system property (or, upper-cased, environment variable) that picks what {@link #shared()} starts. */
    public static final String MODE_PROPERTY = "foreman.infra";

    private static final String DATASOURCE_URL = "spring.datasource.url";
    private static final String DATASOURCE_USERNAME = "spring.datasource.username";
    private static final String DATASOURCE_PASSWORD = "spring.datasource.password";
    private static final String KAFKA_BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    private static final String REDIS_URL = "spring.data.redis.url";
    /**
     * The SSRF guard's dev mode for the api-service and the worker: tests, the devstack and the bench
     * deliver to targets on 127.0.0.1 (StubTarget), which production refuses (DESIGN §4).
     */
    public static final Map<String, String> DEV_MODE_TARGETS =
            Map.of("foreman.api.targets.allow-private", "true", "foreman.worker.targets.allow-private", "true");

    private static final List<String> SPRING_PROPERTY_NAMES =
            List.of(DATASOURCE_URL, DATASOURCE_USERNAME, DATASOURCE_PASSWORD, KAFKA_BOOTSTRAP_SERVERS, REDIS_URL);

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final Object SHARED_LOCK = new Object();
    private static volatile TestInfrastructure shared;
    private static RuntimeException sharedStartFailure;

    private final StartedServers servers;
    private final boolean isShared;
    private final Clock clock = Clock.systemUTC();
    private final UuidV7 ids = new UuidV7(clock);
    private final Object lock = new Object();
    private HikariDataSource dataSource;
    private boolean migrated;
    private boolean stopped;

    private TestInfrastructure(StartedServers servers, boolean isShared) {
        this.servers = servers;
        this.isShared = isShared;
        Runtime.getRuntime()
                .addShutdownHook(
                        Thread.ofPlatform().name("foreman-testkit-stop").unstarted(this::stopAtExit));
        log.info(
                "Started {} Postgres, Kafka and Redis in {} ms: {}, {}, {}",
                servers.kind(),
                servers.startupTime().toMillis(),
                servers.postgres().jdbcUrl(),
                servers.kafkaBootstrapServers(),
                servers.redisUrl());
    }

    /**
     * The servers every test in this JVM shares, started on the first call (in parallel, ~8 s
     * embedded) and stopped when the JVM exits. Thread-safe. If they fail to start, this and every
     * later call throws, with the original failure as the cause.
     */
    public static TestInfrastructure shared() {
        TestInfrastructure current = shared;
        if (current != null) {
            return current;
        }
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                if (sharedStartFailure != null) {
                    throw new IllegalStateException(
                            "The shared test infrastructure failed to start earlier in this JVM", sharedStartFailure);
                }
                try {
                    shared = new TestInfrastructure(startForMode(requestedMode()), true);
                } catch (RuntimeException e) {
                    sharedStartFailure = e;
                    throw e;
                }
            }
            return shared;
        }
    }

    /** Embedded servers of its own on free ports, with throw-away data. Close it when done. */
    public static TestInfrastructure startEmbedded() {
        return new TestInfrastructure(EmbeddedServers.start(null, Ports.anyFree()), false);
    }

    /** Embedded servers on free ports, Postgres data kept in {@code dataDirectory/postgres}. */
    public static TestInfrastructure startEmbedded(Path dataDirectory) {
        return startEmbedded(dataDirectory, Ports.anyFree());
    }

    /**
     * Embedded servers for a long-lived process such as the devstack. Postgres keeps its data in
     * {@code dataDirectory/postgres} between restarts (fsync stays on). Kafka and Redis keep
     * nothing: a restart starts them empty, which is safe because Postgres is the truth and every
     * queued job is re-published from it (DESIGN §1). Close it when done; a shutdown hook also
     * stops the servers if the JVM exits first.
     */
    public static TestInfrastructure startEmbedded(Path dataDirectory, Ports ports) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(ports, "ports");
        return new TestInfrastructure(EmbeddedServers.start(dataDirectory.resolve("postgres"), ports), false);
    }

    /** Testcontainers of its own (needs Docker). Close it when done. */
    public static TestInfrastructure startContainers() {
        return new TestInfrastructure(ContainerServers.start(), false);
    }

    /**
     * Points a Spring test context at the {@link #shared()} servers. The values are suppliers, so
     * the servers start when Spring first reads them, not when the test class loads.
     */
    public static void registerSpringProperties(DynamicPropertyRegistry registry) {
        for (String name : SPRING_PROPERTY_NAMES) {
            registry.add(name, () -> shared().springProperties().get(name));
        }
        DEV_MODE_TARGETS.forEach((name, value) -> registry.add(name, () -> value));
    }

    private static String requestedMode() {
        String mode = System.getProperty(MODE_PROPERTY);
        if (mode == null || mode.isBlank()) {
            mode = System.getenv("FOREMAN_INFRA");
        }
        return mode == null || mode.isBlank() ? "embedded" : mode.trim().toLowerCase(Locale.ROOT);
    }

    private static StartedServers startForMode(String mode) {
        return switch (mode) {
            case "embedded" -> EmbeddedServers.start(null, Ports.anyFree());
            case "containers" -> ContainerServers.start();
            default ->
                throw new IllegalArgumentException(
                        "-D" + MODE_PROPERTY + " must be 'embedded' (the default) or 'containers', was '" + mode + "'");
        };
    }

    /** {@code embedded} or {@code containers}. */
    public String kind() {
        return servers.kind();
    }

    /** How long the three servers took to start together. */
    public Duration startupTime() {
        return servers.startupTime();
    }

    public String jdbcUrl() {
        return servers.postgres().jdbcUrl();
    }

    public String username() {
        return servers.postgres().username();
    }

    public String password() {
        return servers.postgres().password();
    }

    /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
    public String kafkaBootstrapServers() {
        return servers.kafkaBootstrapServers();
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String redisUrl() {
        return servers.redisUrl();
    }

    /**
     * The Spring Boot properties that point a service at these servers: {@code
     * spring.datasource.url|username|password}, {@code spring.kafka.bootstrap-servers} and {@code
     * spring.data.redis.url}; and the SSRF guard's dev mode ({@link #DEV_MODE_TARGETS}), since every
     * stack these servers back delivers to local targets.
     */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(DATASOURCE_URL, jdbcUrl());
        properties.put(DATASOURCE_USERNAME, username());
        properties.put(DATASOURCE_PASSWORD, password());
        properties.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers());
        properties.put(REDIS_URL, redisUrl());
        properties.putAll(DEV_MODE_TARGETS);
        return Map.copyOf(properties);
    }

    /** A connection pool on the database (up to 32 connections), created on first use. */
    public DataSource dataSource() {
        synchronized (lock) {
            if (stopped) {
                throw new IllegalStateException("This test infrastructure is closed");
            }
            if (dataSource == null) {
                HikariConfig config = new HikariConfig();
                config.setPoolName("foreman-testkit");
                config.setJdbcUrl(jdbcUrl());
                config.setUsername(username());
                config.setPassword(password());
                config.setMaximumPoolSize(32);
                config.setMinimumIdle(0);
                dataSource = new HikariDataSource(config);
            }
            return dataSource;
        }
    }

    /** Runs common's Flyway migrations ({@code classpath:db/migration}); only the first call does work. */
    public void migrate() {
        synchronized (lock) {
            if (!migrated) {
                Flyway.configure()
                        .dataSource(dataSource())
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                migrated = true;
            }
        }
    }

    /**
     * Creates a schema of its own, {@code prefix} plus a random suffix, runs common's migrations in
     * it, and returns a JDBC URL whose connections work in it: for a test that needs tables no other
     * test touches (a database without API keys, statistics of its own).
     */
    public String migrateFreshSchema(String prefix) {
        String schema = uniqueName(prefix).replace('-', '_');
        Flyway.configure()
                .dataSource(jdbcUrl(), username(), password())
                .schemas(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return jdbcUrl() + (jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * Creates an empty schema, {@code prefix} plus a random suffix, and returns a JDBC URL whose
     * connections work in it: for a test that runs the migrations itself, as a fresh database.
     */
    public String emptySchemaUrl(String prefix) {
        String schema = uniqueName(prefix).replace('-', '_');
        JdbcClient.create(dataSource()).sql("CREATE SCHEMA " + schema).update();
        return jdbcUrl() + (jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * Creates a tenant with a fresh signing secret and an admin API key, migrating first if
     * needed. Tenant names are unique, so the stored name is {@code name} plus a random suffix:
     * calling this twice with the same name gives two tenants.
     */
    public TestTenant createTenant(String name) {
        migrate();
        Instant now = clock.instant();
        Tenant tenant = new Tenant(ids.next(), uniqueName(name), ApiKeys.newSigningSecret(), now);
        String apiKey = ApiKeys.newKey();
        TenantRepository tenants = new TenantRepository(JdbcClient.create(dataSource()));
        transactions().executeWithoutResult(tx -> {
            tenants.insertTenant(tenant);
            tenants.insertApiKey(ids.next(), tenant.id(), "testkit admin", apiKey, ApiKeyRole.ADMIN, now);
        });
        return new TestTenant(tenant.id(), tenant.name(), apiKey, tenant.signingSecret());
    }

    /** Adds an API key with {@code role} to an existing tenant and returns it in clear. */
    public String createApiKey(UUID tenantId, ApiKeyRole role) {
        migrate();
        String apiKey = ApiKeys.newKey();
        new TenantRepository(JdbcClient.create(dataSource()))
                .insertApiKey(ids.next(), tenantId, "testkit " + role.wireName(), apiKey, role, clock.instant());
        return apiKey;
    }

    private TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
    }

    private static String uniqueName(String name) {
        Objects.requireNonNull(name, "name");
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        return name + "-" + HexFormat.of().formatHex(suffix);
    }

    /**
     * Stops the servers and deletes their throw-away data. Does nothing on {@link #shared()}: other
     * tests in the JVM still use it, and the shutdown hook stops it.
     */
    @Override
    public void close() {
        if (isShared) {
            return;
        }
        List<Exception> failures = stop();
        if (!failures.isEmpty()) {
            IllegalStateException failure =
                    new IllegalStateException("Some test servers did not stop cleanly", failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void stopAtExit() {
        stop().forEach(e -> log.warn("A test server did not stop cleanly", e));
    }

    private List<Exception> stop() {
        synchronized (lock) {
            if (stopped) {
                return List.of();
            }
            stopped = true;
            List<Exception> failures = new ArrayList<>();
            if (dataSource != null) {
                dataSource.close();
            }
            for (AutoCloseable server : servers.servers()) {
                try {
                    server.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            return failures;
        }
    }

    @Override
    public String toString() {
        return "TestInfrastructure[" + kind() + ", " + jdbcUrl() + ", " + kafkaBootstrapServers() + ", " + redisUrl()
                + "]";
    }
}
