package dev.foreman.api.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for {@code NOTIFY foreman_outbox} (sent by a trigger on every outbox insert) on a dedicated
 * connection outside the pool, so a relay starts publishing as soon as a job is queued. The
 * connection is opened lazily and reopened after a failure; while it is down the relay falls back
 * to polling.
 */
class OutboxWaker implements AutoCloseable {
    /** The channel of the {@code outbox_notify} trigger (migration V4). */
    private static final String LISTEN = """
            LISTEN foreman_outbox
            """;

    private static final Logger log = LoggerFactory.getLogger(OutboxWaker.class);

    private final ConnectionSource connections;
    private Connection connection;

    OutboxWaker(ConnectionSource connections) {
        this.connections = connections;
    }

    /** How a wait ended. */
    enum WakeUp {
        NOTIFIED,
        TIMED_OUT,
        /** The LISTEN connection could not be used; the caller should wait before asking again. */
        UNAVAILABLE
    }

    /** Blocks until a notification arrives or the timeout passes. Call from one thread only. */
    WakeUp awaitNotification(Duration timeout) {
        try {
            PGNotification[] notifications =
                    listening().getNotifications((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return notifications != null && notifications.length > 0 ? WakeUp.NOTIFIED : WakeUp.TIMED_OUT;
        } catch (SQLException e) {
            log.warn("The outbox LISTEN connection failed; polling until it is back: {}", e.toString());
            close();
            return WakeUp.UNAVAILABLE;
        }
    }

    private PGConnection listening() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
            try (Statement listen = connection.createStatement()) {
                listen.execute(LISTEN);
            }
        }
        return connection.unwrap(PGConnection.class);
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the outbox LISTEN connection failed", e);
            }
            connection = null;
        }
    }

    /** Opens a plain, unpooled connection to the database. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }
}
