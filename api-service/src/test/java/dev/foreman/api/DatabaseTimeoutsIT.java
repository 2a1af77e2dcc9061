package dev.foreman.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The connection limits of api-service.yml hold on the pool's real connections, also when the
 * database url comes from outside the yml (as here, from the test infrastructure).
 */
class DatabaseTimeoutsIT extends RunningApi {
    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void everyPooledConnectionHasTheStatementAndLockTimeoutsOfTheYml() {
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single())
                .isEqualTo("10s");
        assertThat(jdbc.sql("SHOW lock_timeout").query(String.class).single()).isEqualTo("3s");
    }

    @Test
    void everyPooledConnectionGivesUpReadingAfterTheSocketTimeoutOfTheYml() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(15_000);
        }
    }
}
