package dev.foreman.chaos.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Postgres 17 from zonky's binaries, as the testkit runs it for the devstack and the bench: data
 * kept in a directory, fsync on and {@code synchronous_commit=on} (durable: an answered submit is
 * on disk). A restart stops it, fast (clean shutdown) or immediate (no checkpoint: crash recovery
 * on the next start, as after a power cut that the disk survived), and starts it again on the same
 * port and data.
 */
final class PostgresNode implements AutoCloseable {
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    PostgresNode(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    synchronized void start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("timezone", "UTC")
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Postgres did not start on port " + port, e);
        }
    }

    /**
     * Stops the server: {@code immediate} sends SIGQUIT to the postmaster (sessions end at once, no
     * checkpoint), otherwise a fast shutdown (sessions are ended, a checkpoint is written).
     */
    synchronized void stop(boolean immediate) {
        if (postgres == null) {
            return;
        }
        if (immediate) {
            Optional<ProcessHandle> postmaster = postmaster();
            postmaster.ifPresent(process -> Signals.send(process.pid(), "QUIT"));
            try {
                if (postmaster.isPresent()) {
                    postmaster.get().onExit().get(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Postgres did not stop within 30 s of SIGQUIT", e);
            }
        }
        try {
            // After SIGQUIT this only releases zonky's lock on the directory (pg_ctl finds no server).
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Postgres did not stop", e);
        }
        postgres = null;
    }

    /** The postmaster and its backends; empty while it is stopped. */
    List<Long> pids() {
        return postmaster()
                .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                        .map(ProcessHandle::pid)
                        .toList())
                .orElse(List.of());
    }

    /**
     * The running postmaster: {@code pg_ctl start} detaches it from this JVM, and it writes its pid
     * as the first line of {@code postmaster.pid} in the data directory.
     */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return ProcessHandle.of(Long.parseLong(lines.getFirst().trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() {
        stop(false);
    }
}
