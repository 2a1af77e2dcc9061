package dev.foreman.bench.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The peer's Postgres: zonky's Postgres 17 binaries, the ones the testkit runs Foreman on, started
 * after Foreman's stack has stopped so that the two never share the machine. Like the bench's
 * Postgres for Foreman it keeps fsync on and runs with the {@code synchronous_commit} the bench was
 * given; every trial gets a database of its own, so none starts on another's tables.
 */
final class PeerPostgres implements AutoCloseable {
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final String SHOW_SYNCHRONOUS_COMMIT = "SHOW synchronous_commit";
    private static final String SHOW_FSYNC = "SHOW fsync";
    private static final String POSTMASTER_PID = "postmaster.pid";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private volatile Long postmasterPid;

    private PeerPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** @param synchronousCommit as the bench's {@code --synchronous-commit}: on unless asked otherwise */
    static PeerPostgres start(boolean synchronousCommit) {
        try {
            // A directory of the bench's, so that the postmaster's pid can be read from it; zonky
            // deletes it on close.
            Path dataDirectory = Files.createTempDirectory("foreman-bench-peer-");
            return new PeerPostgres(
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(true)
                            // zonky's builder turns synchronous_commit off by default; say it either way.
                            .setServerConfig("synchronous_commit", synchronousCommit ? "on" : "off")
                            .setServerConfig("fsync", "on")
                            .setServerConfig("max_connections", "300")
                            .setServerConfig("timezone", "UTC")
                            .setPGStartupWait(STARTUP_WAIT)
                            .start(),
                    dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Postgres for the peer did not start", e);
        }
    }

    /**
     * Creates the empty database {@code name} and answers a pool of {@code poolSize} connections
     * on it; the caller closes the pool.
     */
    HikariDataSource freshDatabase(String name, int poolSize) {
        // CREATE DATABASE takes no parameters; the name is the bench's own, never user input.
        JdbcClient.create(postgres.getPostgresDatabase())
                .sql("CREATE DATABASE " + name)
                .update();
        HikariConfig config = new HikariConfig();
        config.setPoolName("peer-" + name);
        config.setJdbcUrl(postgres.getJdbcUrl(USER, name));
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(poolSize);
        return new HikariDataSource(config);
    }

    /** E.g. {@code synchronous_commit=on, fsync=on}: what the server really runs with. */
    String commitMode() {
        JdbcClient sql = JdbcClient.create(postgres.getPostgresDatabase());
        return "synchronous_commit="
                + sql.sql(SHOW_SYNCHRONOUS_COMMIT).query(String.class).single() + ", fsync="
                + sql.sql(SHOW_FSYNC).query(String.class).single();
    }

    /**
     * The postmaster and its backends, for the resource sampler. pg_ctl starts the postmaster
     * detached, so it is found by the pid file in its data directory, not among this JVM's children.
     */
    List<Long> pids() {
        if (postmasterPid == null) {
            try {
                List<String> lines = Files.readAllLines(dataDirectory.resolve(POSTMASTER_PID));
                postmasterPid = Long.parseLong(lines.getFirst().trim());
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }
        return ProcessHandle.of(postmasterPid)
                .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                        .map(ProcessHandle::pid)
                        .toList())
                .orElse(List.of());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
