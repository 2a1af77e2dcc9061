package dev.foreman.testkit.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** A Postgres 17 server run from zonky's binaries as a child process of this JVM. */
final class EmbeddedPostgresServer implements AutoCloseable {
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    // initdb leaves trust authentication on: any password is accepted, so give tools a non-empty one.
    private static final String PASSWORD = "postgres";
    // The machine may be busy compiling in parallel; zonky's 10 s default is too tight then.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final String SETTING_PROPERTY_PREFIX = "foreman.infra.postgres.";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A throw-away server for tests: durability is traded for speed, the data dies with the JVM. */
    static EmbeddedPostgresServer startEphemeral(int port) {
        return start(EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("synchronous_commit", "off")
                .setPort(port));
    }

    /**
     * A server whose data outlives the JVM in {@code dataDirectory} (the devstack, the bench), with
     * Postgres's durable defaults: fsync on and {@code synchronous_commit=on}, so that an answered
     * submit is on disk, as with a Postgres a user runs. {@code
     * -Dforeman.infra.postgres.synchronous_commit=off} trades that for speed (the bench's
     * {@code --synchronous-commit off}, labelled in its report).
     */
    static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
        return start(EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on")
                .setPort(port));
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
        builder.setServerConfig("max_connections", "300").setServerConfig("timezone", "UTC");
        extraSettings().forEach(builder::setServerConfig);
        try {
            return new EmbeddedPostgresServer(
                    builder.setPGStartupWait(STARTUP_WAIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Postgres did not start", e);
        }
    }

    /**
     * Server settings from system properties {@code foreman.infra.postgres.<setting>=<value>}, for
     * diagnostics: {@code -Dforeman.infra.postgres.shared_preload_libraries=pg_stat_statements}.
     */
    static Map<String, String> extraSettings() {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(SETTING_PROPERTY_PREFIX))
                .forEach(name ->
                        settings.put(name.substring(SETTING_PROPERTY_PREFIX.length()), System.getProperty(name)));
        return settings;
    }

    PostgresEndpoint endpoint() {
        // 127.0.0.1, not localhost: the server listens on IPv4 only and localhost may resolve to ::1.
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
        return new PostgresEndpoint(url, USER, PASSWORD);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
