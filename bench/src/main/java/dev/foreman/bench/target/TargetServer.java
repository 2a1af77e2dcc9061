package dev.foreman.bench.target;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target's listening socket on 127.0.0.1: an acceptor thread hands every connection to a
 * {@link TargetConnection} on a virtual thread of its own. A blocking read per connection costs
 * nothing while the connection idles, and the worker keeps up to 1,024 of them open. {@link
 * NoopTarget} is the bench's use of it; the chaos harness gives it a {@link DeliveryLog} of its own.
 */
public final class TargetServer implements AutoCloseable {
    private static final int BACKLOG = 1024;

    private final ServerSocket listener;
    private final Clock clock;
    private final DeliveryLog log;
    private final Set<TargetConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread.Builder connectionThreads = Thread.ofVirtual().name("noop-target-", 0);
    private final Thread acceptor;
    private volatile boolean closed;

    private TargetServer(ServerSocket listener, Clock clock, DeliveryLog log) {
        this.listener = listener;
        this.clock = clock;
        this.log = log;
        this.acceptor =
                Thread.ofPlatform().name("noop-target-acceptor").daemon().unstarted(this::acceptConnections);
    }

    /** Listens on a free port of 127.0.0.1 and starts accepting. */
    public static TargetServer start(Clock clock, DeliveryLog log) throws IOException {
        ServerSocket listener = new ServerSocket(0, BACKLOG, InetAddress.getByName("127.0.0.1"));
        TargetServer server = new TargetServer(listener, clock, log);
        server.acceptor.start();
        return server;
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptConnections() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                // close() closed the listener, or one connection failed before it was accepted.
                continue;
            }
            TargetConnection connection = new TargetConnection(socket, clock, log);
            // close() ends it even if it came in as close() began: close() waits for this thread first.
            open.add(connection);
            connectionThreads.start(() -> {
                try {
                    connection.answerRequests();
                } finally {
                    open.remove(connection);
                }
            });
        }
    }

    /** Stops listening and ends every open connection; nothing can connect once it returns. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
        awaitAcceptor();
        open.forEach(TargetConnection::close);
    }

    /**
     * A blocked {@code accept()} keeps the listening socket alive in the kernel, still taking
     * connections, until the signal from {@code close()} reaches its thread.
     */
    private void awaitAcceptor() {
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
