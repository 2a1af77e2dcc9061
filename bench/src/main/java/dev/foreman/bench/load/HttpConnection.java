package dev.foreman.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * One kept-alive HTTP/1.1 connection: a blocking socket that sends a request and reads its
 * response, one exchange at a time. Not thread-safe; {@link ConnectionPool} lends it to one
 * caller at a time.
 */
final class HttpConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final ResponseReader reader;
    private boolean reusable = true;
    private long idleSinceNanos;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new ResponseReader(socket.getInputStream());
    }

    /**
     * Connects within {@code connectTimeout}; afterwards every read waits at most {@code
     * readTimeout} for the server's next bytes.
     */
    static HttpConnection open(InetSocketAddress address, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            // Each request leaves in one write and waits for its answer: Nagle would only delay it.
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.connect(address, Math.toIntExact(connectTimeout.toMillis()));
            return new HttpConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} (request line, headers and body, already encoded) and reads the
     * answer. After a failure the connection is no longer {@link #reusable()}: the stream may be
     * anywhere inside a response.
     */
    RawResponse exchange(byte[] request) throws IOException {
        reusable = false;
        out.write(request);
        RawResponse response = reader.read();
        reusable = response.keepAlive();
        return response;
    }

    /** Whether the last exchange left the connection ready for another one. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    void markIdle(long nanoTime) {
        idleSinceNanos = nanoTime;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was left to do with it.
        }
    }
}
