package dev.foreman.scheduler.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The leader lock of last resort: a Postgres session advisory lock, held on a dedicated connection
 * outside the pool for as long as this instance holds it. A session lock belongs to the connection
 * that took it, so a pooled connection would not do: it would go back to the pool still holding
 * the lock, and the next borrower could not tell. The database releases the lock when the session
 * ends, so a holder that crashes frees it at once, and one whose host vanishes frees it once the
 * server's TCP keepalive gives up on the session (the connection asks for a short keepalive).
 *
 * <p>Like the Redis lock, {@link #isLeader()} counts only until one TTL after the last check that
 * found the session alive.
 */
class AdvisoryLock {
    /**
     * Session level (not {@code _xact_}): the lock must outlive every transaction, as long as the
     * connection. Postgres takes a bigint key; hashing the lock's name keeps the key readable here.
     * Never called while held: session advisory locks count, and one unlock would not undo two locks.
     */
    private static final String TRY_LOCK = """
            SELECT pg_try_advisory_lock(hashtextextended(:name, 0))
            """;

    private static final String UNLOCK = """
            SELECT pg_advisory_unlock(hashtextextended(:name, 0))
            """;

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);

    private final ConnectionSource connections;
    private final String name;
    private final Duration ttl;
    private final Clock clock;

    private Connection connection;
    private volatile boolean held;
    private volatile Instant validUntil = Instant.MIN;

    AdvisoryLock(ConnectionSource connections, String name, Duration ttl, Clock clock) {
        this.connections = connections;
        this.name = name;
        this.ttl = ttl;
        this.clock = clock;
    }

    boolean isLeader() {
        return held && clock.instant().isBefore(validUntil);
    }

    /**
     * Takes the lock if nobody holds it, or checks that this instance's session (and so its lock)
     * is still alive. Call from one thread only.
     *
     * @return whether this instance holds the lock now
     */
    synchronized boolean tryHold() {
        Instant attemptedAt = clock.instant();
        try {
            boolean holds = held ? sessionAlive() : tryLock();
            if (holds) {
                validUntil = attemptedAt.plus(ttl);
                if (!held) {
                    log.info("Took the Postgres advisory lock '{}'", name);
                }
            } else if (held) {
                log.warn("Lost the Postgres advisory lock '{}': its connection is gone", name);
                closeConnection();
            }
            held = holds;
        } catch (SQLException | RuntimeException e) {
            if (held) {
                log.warn("Lost the Postgres advisory lock '{}': its connection failed", name, e);
            } else {
                log.debug("Could not reach Postgres to take the advisory lock '{}'", name, e);
            }
            held = false;
            closeConnection();
        }
        return held;
    }

    private boolean tryLock() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
        }
        return Boolean.TRUE.equals(statements()
                .sql(TRY_LOCK)
                .param("name", name)
                .query(Boolean.class)
                .single());
    }

    private boolean sessionAlive() throws SQLException {
        return connection != null
                && connection.isValid((int) Math.max(1, ttl.dividedBy(3).toSeconds()));
    }

    /** Gives the lock up (if held) and closes the connection. */
    synchronized void release() {
        boolean wasHeld = held;
        held = false;
        if (wasHeld && connection != null) {
            try {
                statements()
                        .sql(UNLOCK)
                        .param("name", name)
                        .query(Boolean.class)
                        .single();
                log.info("Released the Postgres advisory lock '{}'", name);
            } catch (RuntimeException e) {
                log.debug("Could not unlock '{}'; closing its session releases it", name, e);
            }
        }
        closeConnection();
    }

    private JdbcClient statements() {
        return JdbcClient.create(new SingleConnectionDataSource(connection, true));
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing the advisory lock connection failed", e);
        }
        connection = null;
    }

    /** Opens a plain, unpooled connection to the database. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }
}
