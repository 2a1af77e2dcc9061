package dev.foreman.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lean HTTP/1.1 client for the bench's load: blocking sockets with keep-alive from a {@link
 * ConnectionPool}, request headers encoded once per path, and responses read by {@link
 * ResponseReader}. The JDK {@code HttpClient} spent about 1 ms of the bench's CPU per request on
 * this 2-core machine (its selector thread, futures and per-request objects), which the stack under
 * measurement then lacked; this one writes one array and reads one response on the caller's
 * thread.
 *
 * <p>Plain {@code http} only. A request that fails is not retried: the caller counts it as an
 * error, as it would a refusal.
 */
final class SocketHttpClient implements AutoCloseable {
    private final String authority;
    private final String fixedHeaders;
    private final ConnectionPool pool;
    private final Map<String, byte[]> postHeads = new ConcurrentHashMap<>();

    /**
     * @param server {@code http://host:port}; any path in it is ignored (request paths are absolute)
     * @param headers sent with every request, e.g. {@code Authorization}
     * @param readTimeout the longest wait for the server's next bytes of an answer
     * @param maxIdle how long a connection may sit unused and still be reused
     */
    SocketHttpClient(
            URI server, Map<String, String> headers, Duration connectTimeout, Duration readTimeout, Duration maxIdle) {
        if (!"http".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("the bench's load client speaks plain http only, not " + server);
        }
        int port = server.getPort() < 0 ? 80 : server.getPort();
        this.authority = server.getHost() + ":" + port;
        StringBuilder fixed = new StringBuilder();
        headers.forEach(
                (name, value) -> fixed.append(name).append(": ").append(value).append("\r\n"));
        this.fixedHeaders = fixed.toString();
        this.pool =
                new ConnectionPool(new InetSocketAddress(server.getHost(), port), connectTimeout, readTimeout, maxIdle);
    }

    /** {@code POST path} with {@code body} as {@code application/json}. */
    RawResponse postJson(String path, byte[] body) throws IOException, InterruptedException {
        byte[] head = postHeads.computeIfAbsent(path, this::postHead);
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + length.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(length, 0, request, head.length, length.length);
        System.arraycopy(body, 0, request, head.length + length.length, body.length);
        return exchange(request);
    }

    private RawResponse exchange(byte[] request) throws IOException, InterruptedException {
        HttpConnection connection = pool.borrow();
        try {
            RawResponse response = connection.exchange(request);
            pool.giveBack(connection);
            return response;
        } catch (IOException | RuntimeException e) {
            pool.discard(connection);
            // An interrupt closes a virtual thread's socket under it; report it as the interrupt it was.
            if (Thread.currentThread().isInterrupted()) {
                InterruptedException interrupted = new InterruptedException("interrupted during a request");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw e;
        }
    }

    private byte[] postHead(String path) {
        // Content-Length comes last so that the per-request part is only its value.
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + authority + "\r\n"
                + fixedHeaders
                + "Content-Type: application/json\r\n"
                + "Content-Length: ";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Connections open now, in use or idle. */
    int openConnections() {
        return pool.openConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}
