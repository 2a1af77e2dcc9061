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

    static EmbeddedRedisServer start(int requestedPort) {
        int port = requestedPort == 0 ? FreePorts.pick() : requestedPort;
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
            throw new UncheckedIOException("Embedded Redis did not start on port " + port, e);
        }
    }

    String url() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public void close() throws IOException {
        redis.stop();
    }
}
