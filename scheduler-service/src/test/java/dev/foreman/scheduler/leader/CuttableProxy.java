package dev.foreman.scheduler.leader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of a real server that a test can cut, as if the server went away (open
 * connections drop, new ones are hung up on at once), and restore. Lets a test take Redis away
 * from one client without stopping the Redis every test shares.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private CuttableProxy(InetSocketAddress target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.submit(this::acceptConnections);
    }

    /** A proxy to the server at {@code url} ({@code scheme://host:port}). */
    static CuttableProxy to(String url) {
        URI uri = URI.create(url);
        return new CuttableProxy(new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    /** {@code redis://127.0.0.1:PORT} of the proxy. */
    String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    private void acceptConnections() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    client.close();
                } else {
                    threads.submit(() -> forward(client));
                }
            } catch (IOException e) {
                // Closed: the proxy is stopping.
            }
        }
    }

    private void forward(Socket client) {
        try (client;
                Socket upstream = new Socket()) {
            open.add(client);
            open.add(upstream);
            upstream.connect(target);
            threads.submit(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            // Either side hung up or the proxy was cut: closing both sockets is all there is to do.
        } finally {
            open.remove(client);
        }
    }

    private Void pump(Socket from, Socket to) throws IOException {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } finally {
            to.close();
            open.remove(from);
        }
        return null;
    }

    /** Drops every open connection and hangs up on new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }

    /** Forwards new connections again. */
    void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // Stopping anyway.
        }
        threads.shutdownNow();
    }
}
