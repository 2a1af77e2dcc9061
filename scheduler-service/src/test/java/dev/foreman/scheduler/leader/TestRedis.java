package dev.foreman.scheduler.leader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A Redis client for a test, with a short command timeout so an unreachable Redis answers fast. */
final class TestRedis implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;

    private TestRedis(String host, int port) {
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder()
                        .commandTimeout(COMMAND_TIMEOUT)
                        .build());
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
    }

    /** A client of the Redis at {@code url} ({@code redis://host:port}). */
    static TestRedis at(String url) {
        URI uri = URI.create(url);
        return new TestRedis(uri.getHost(), uri.getPort());
    }

    /** A client of a port nothing listens on: every command fails to connect, as when Redis is down. */
    static TestRedis unreachable() {
        return at(unreachableUrl());
    }

    /** {@code redis://127.0.0.1:PORT} for a port that was free a moment ago, so nothing listens on it. */
    static String unreachableUrl() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "redis://127.0.0.1:" + probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StringRedisTemplate template() {
        return template;
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
