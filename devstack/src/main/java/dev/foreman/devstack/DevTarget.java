package dev.foreman.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A target that exists in dev mode, so the first job has somewhere to go. {@code /echo} answers
 * 200; {@code /status/503} answers that status (to watch retries and the DLQ). Each delivery is
 * printed with its Foreman headers. Loopback only.
 */
final class DevTarget implements AutoCloseable {
    private final HttpServer server;

    private DevTarget(HttpServer server) {
        this.server = server;
    }

    static DevTarget start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", DevTarget::answer);
        server.start();
        return new DevTarget(server);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStreamSink.INSTANCE);
            String path = exchange.getRequestURI().getPath();
            int status = path.startsWith("/status/") ? parseStatus(path.substring("/status/".length())) : 200;
            System.out.printf(
                    "[dev-target] %s %s job=%s attempt=%s -> %d%n",
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Foreman-Job-Id"),
                    exchange.getRequestHeaders().getFirst("Foreman-Attempt"),
                    status);
            byte[] answer = "{\"ok\":%s}".formatted(status < 300).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static int parseStatus(String text) {
        try {
            int status = Integer.parseInt(text);
            return status >= 200 && status <= 599 ? status : 400;
        } catch (NumberFormatException e) {
            return 400;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Discards a request body: the dev target only shows that a delivery arrived. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
