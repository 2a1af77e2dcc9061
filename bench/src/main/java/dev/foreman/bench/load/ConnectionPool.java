package dev.foreman.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Kept-alive connections to one server, lent to one caller at a time. A caller borrows a
 * connection (an idle one, or a new one when none is idle), and gives it back when its exchange
 * went well; a connection that failed or that the server said it would close is closed instead.
 *
 * <p>Idle connections are reused last-in first-out, so a steady load keeps reusing the same few
 * warm ones. A connection idle longer than {@code maxIdle} is closed rather than reused, because
 * the server may have closed its end meanwhile and a request sent into that would fail.
 */
final class ConnectionPool implements AutoCloseable {
    private final InetSocketAddress address;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxIdleNanos;
    private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ConnectionPool(InetSocketAddress address, Duration connectTimeout, Duration readTimeout, Duration maxIdle) {
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** An idle connection that is still fresh, or a new one. */
    HttpConnection borrow() throws IOException {
        if (closed) {
            throw new IOException("the connection pool is closed");
        }
        long now = System.nanoTime();
        HttpConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (now - connection.idleSinceNanos() < maxIdleNanos) {
                return connection;
            }
            discard(connection);
        }
        connection = HttpConnection.open(address, connectTimeout, readTimeout);
        open.add(connection);
        if (closed) {
            discard(connection);
            throw new IOException("the connection pool is closed");
        }
        return connection;
    }

    /** Takes {@code connection} back for reuse if it can carry another request; closes it otherwise. */
    void giveBack(HttpConnection connection) {
        if (closed || !connection.reusable()) {
            discard(connection);
            return;
        }
        long now = System.nanoTime();
        connection.markIdle(now);
        idle.offerFirst(connection);
        closeStaleIdle(now);
        if (closed && idle.remove(connection)) {
            discard(connection);
        }
    }

    /** Closes {@code connection} for good. */
    void discard(HttpConnection connection) {
        open.remove(connection);
        connection.close();
    }

    /** Connections open now, in use or idle. */
    int openConnections() {
        return open.size();
    }

    // After a burst (the open loop when the API stalls) many connections go idle at the bottom of
    // the stack and would otherwise stay open until the pool closes.
    private void closeStaleIdle(long now) {
        HttpConnection oldest = idle.peekLast();
        if (oldest != null && now - oldest.idleSinceNanos() >= maxIdleNanos && idle.removeLastOccurrence(oldest)) {
            discard(oldest);
        }
    }

    @Override
    public void close() {
        closed = true;
        HttpConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            discard(connection);
        }
        // Connections in use fail their exchange and are discarded by their borrowers.
        for (HttpConnection inUse : open) {
            discard(inUse);
        }
    }
}
