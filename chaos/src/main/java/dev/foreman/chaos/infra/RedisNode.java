package dev.foreman.chaos.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/**
 * Redis from codemonstur's embedded binary, as the testkit runs it: nothing persisted (Redis only
 * coordinates; Postgres holds every job), so a restart starts it empty on the same port.
 */
final class RedisNode implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    // Another thread forking while the binary is written can make its exec fail with ETXTBSY.
    private static final int STARTS = 5;

    private final int port;
    private RedisServer redis;

    RedisNode(int port) {
        this.port = port;
    }

    synchronized void start() {
        for (int attempt = 1; ; attempt++) {
            try {
                RedisServer server = RedisServer.newRedisServer()
                        .bind(HOST)
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("maxmemory 256mb")
                        .onShutdownForceStop(true)
                        .build();
                server.start();
                redis = server;
                return;
            } catch (IOException e) {
                if (attempt >= STARTS) {
                    throw new UncheckedIOException("Redis did not start on port " + port, e);
                }
            }
        }
    }

    synchronized void stop() {
        if (redis == null) {
            return;
        }
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not stop", e);
        }
        redis = null;
    }

    String url() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
