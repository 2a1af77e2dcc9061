package dev.foreman.api.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The pool behind a {@link DatabaseBreaker}: a connection is asked for only while the breaker lets
 * the caller try; otherwise the caller gets at once the same kind of failure the pool gives after
 * its timeout (a {@link SQLTransientConnectionException}, SQLSTATE 08001), which every request
 * path already answers with {@code 503 database_unavailable}.
 */
final class BreakingDataSource extends DelegatingDataSource {
    private final DatabaseBreaker breaker;
    private final Runnable onRefused;

    BreakingDataSource(DataSource pool, DatabaseBreaker breaker, Runnable onRefused) {
        super(pool);
        this.breaker = breaker;
        this.onRefused = onRefused;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(() -> super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> super.getConnection(username, password));
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    private Connection connect(Connect connect) throws SQLException {
        if (!breaker.allowsAttempt()) {
            onRefused.run();
            throw new SQLTransientConnectionException(
                    "Postgres could not be reached just now; not trying again for up to "
                            + DatabaseBreaker.OPEN_FOR.toMillis() + " ms (database circuit breaker open)",
                    "08001");
        }
        boolean connected = false;
        try {
            Connection connection = connect.open();
            connected = true;
            return connection;
        } finally {
            // Any failure counts, whatever it is: a half-open breaker must hear back from its one try.
            if (connected) {
                breaker.succeeded();
            } else {
                breaker.failed();
            }
        }
    }
}
