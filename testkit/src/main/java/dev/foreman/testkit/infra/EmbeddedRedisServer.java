package dev.foreman.testkit.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/**
 * A Redis server run from the binary bundled in codemonstur's embedded-redis, as a child process.
 * It persists nothing: Redis only coordinates, Postgres holds every job (DESIGN §1).
 */
final class EmbeddedRedisServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final RedisServer redis;
    private final int port;

    private EmbeddedRedisServer(RedisServer redis, int port) {
        this.redis = redis;
        this.port = port;
    }

    /**
     * Exec of the freshly written binary can fail with {@code ETXTBSY} ("Text file busy"): Postgres
     * and Kafka start at the same time, and a child process another thread forks while the binary is
     * still open for writing inherits that descriptor until it execs its own program, which takes
     * moments; another try then succeeds.
     */
    private static final int STARTS_WHEN_TEXT_FILE_BUSY = 5;

    static EmbeddedRedisServer start(int requestedPort) {
        int port = requestedPort == 0 ? FreePorts.pick() : requestedPort;
        for (int attempt = 1; ; attempt++) {
            try {
                RedisServer redis = RedisServer.newRedisServer()
                        .bind(HOST)
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("maxmemory 256mb")
                        .onShutdownForceStop(true)
                        .build();
                redis.start();
                return new EmbeddedRedisServer(redis, port);
            } catch (IOException e) {
                if (attempt >= STARTS_WHEN_TEXT_FILE_BUSY || !textFileBusy(e)) {
                    throw new UncheckedIOException("Embedded Redis did not start on port " + port, e);
                }
            }
        }
    }

    static boolean textFileBusy(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Text file busy")) {
                return true;
            }
        }
        return false;
    }

    String url() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public void close() throws IOException {
        redis.stop();
    }
}
