package dev.foreman.testkit.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Forwards TCP connections from a port chosen in advance to a server that had to pick its own.
 * Connections that arrive before the target is known wait for it. One virtual thread per
 * direction of each connection.
 *
 * <p>Tests also put one between a service and a server to take the server away and bring it back
 * ({@link #cut()}, {@link #restore()}), as a server crash or restart would: the service's
 * connections close, and so does each new one as soon as it opens. (A partition that leaves sockets half-open is not
 * what it models.)
 *
 * <pre>{@code
 * try (PortForwarder link = PortForwarder.to(new InetSocketAddress("127.0.0.1", postgresPort))) {
 *     // point the service at 127.0.0.1:link.port(), then
 *     link.cut();
 * }
 * }</pre>
 */
public final class PortForwarder implements AutoCloseable {
    private static final long TARGET_WAIT_SECONDS = 60;

    private final ServerSocket listener;
    private final CompletableFuture<InetSocketAddress> target = new CompletableFuture<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private PortForwarder(ServerSocket listener) {
        this.listener = listener;
    }

    /** Listens on a free port of 127.0.0.1 ({@link #port()}) and forwards every connection to {@code target}. */
    public static PortForwarder to(InetSocketAddress target) {
        PortForwarder forwarder = listenOn(0);
        forwarder.forwardTo(target);
        return forwarder;
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Takes the server away: closes every forwarded connection (both ends see the socket close) and,
     * until {@link #restore()}, closes each new one as soon as it arrives.
     */
    public void cut() {
        cut = true;
        closeOpenSockets();
    }

    /** Forwards new connections again after {@link #cut()}. */
    public void restore() {
        cut = false;
    }

    /** Listens on {@code 127.0.0.1:port} at once; forwards once {@link #forwardTo} names the target. */
    static PortForwarder listenOn(int port) {
        try {
            PortForwarder forwarder = new PortForwarder(new ServerSocket(port, 128, InetAddress.getLoopbackAddress()));
            forwarder.threads.submit(forwarder::acceptConnections);
            return forwarder;
        } catch (IOException e) {
            throw new UncheckedIOException("Port " + port + " on 127.0.0.1 is not free", e);
        }
    }

    void forwardTo(InetSocketAddress address) {
        target.complete(address);
    }

    private void acceptConnections() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.submit(() -> forward(client));
            } catch (IOException e) {
                // Closed: the forwarder is stopping.
            }
        }
    }

    private void forward(Socket client) {
        open.add(client);
        try (client;
                Socket upstream = new Socket()) {
            open.add(upstream);
            // Checked after registering, so a cut either sees these sockets or is seen here.
            if (cut) {
                return;
            }
            upstream.connect(target.get(TARGET_WAIT_SECONDS, TimeUnit.SECONDS));
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            var reply = threads.submit(() -> pump(upstream, client));
            pump(client, upstream);
            reply.get();
        } catch (Exception e) {
            // Either side hung up or the forwarder is stopping: closing both sockets is all there is to do.
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private static Void pump(Socket from, Socket to) throws IOException {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } finally {
            if (!to.isClosed()) {
                to.shutdownOutput();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        closeOpenSockets();
        threads.shutdownNow();
    }

    private void closeOpenSockets() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all there is to do; a socket that fails to close is gone anyway.
            }
        }
    }
}
