package dev.foreman.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class EmbeddedRedisServerTest {

    @Test
    void recognisesAnExecThatFailedBecauseTheBinaryWasStillOpenForWriting() {
        IOException busy = new IOException(
                "Failed to start Redis service",
                new IOException(
                        "Cannot run program \"/tmp/redis-1/redis-server\"",
                        new IOException("Exec failed, error: 26 (Text file busy) ")));

        assertThat(EmbeddedRedisServer.textFileBusy(busy)).isTrue();
        assertThat(EmbeddedRedisServer.textFileBusy(new IOException("Address already in use")))
                .isFalse();
    }
}
