package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ConnectionWriteTimeoutTest {

    @Test
    void findsTheTomcatInternalsItReachesConnectionsBy() {
        // A Tomcat upgrade that moves them fails here first; SlowEventClientIT shows the whole path works.
        assertThat(ConnectionWriteTimeout.knowsThisTomcat()).isTrue();
    }

    @Test
    void leavesARequestNotServedByTomcatAlone() {
        assertThat(ConnectionWriteTimeout.set(new MockHttpServletRequest(), Duration.ofSeconds(10)))
                .isFalse();
    }
}
