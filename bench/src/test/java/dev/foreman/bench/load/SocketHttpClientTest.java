package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketHttpClientTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private final CountDownLatch releaseHanging = new CountDownLatch(1);
    private HttpServer server;
    private SocketHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/echo", exchange -> answer(exchange, 202, request(exchange), false));
        server.createContext(
                "/chunked", exchange -> answer(exchange, 202, request(exchange).repeat(2_000), true));
        server.createContext("/refuse", exchange -> {
            request(exchange);
            answer(exchange, 503, "{\"code\":\"overloaded\"}", false);
        });
        server.createContext("/close", exchange -> {
            request(exchange);
            exchange.getResponseHeaders().set("Connection", "close");
            answer(exchange, 202, "last", false);
        });
        server.createContext("/hang", exchange -> {
            request(exchange);
            try {
                releaseHanging.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 202, "late", false);
        });
        server.start();
        client = clientOf(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), READ_TIMEOUT);
    }

    @AfterEach
    void stop() {
        releaseHanging.countDown();
        client.close();
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void sendsTheBodyWithItsLengthAndTheFixedHeaders() throws Exception {
        RawResponse response = client.postJson("/echo", bytes("{\"queue\":\"ümlaut\"}"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(text(response)).isEqualTo("{\"queue\":\"ümlaut\"}");
        assertThat(lastHeaders)
                .containsEntry("authorization", "Bearer key")
                .containsEntry("content-type", "application/json")
                .containsEntry("host", "127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void reusesOneKeptAliveConnectionForSuccessiveRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(text(client.postJson("/echo", bytes("request " + i)))).isEqualTo("request " + i);
        }

        assertThat(clientPorts).hasSize(1);
        assertThat(client.openConnections()).isOne();
    }

    @Test
    void readsAChunkedBodyOfManyChunksAndReusesTheConnectionAfterIt() throws Exception {
        RawResponse chunked = client.postJson("/chunked", bytes("0123456789"));
        RawResponse next = client.postJson("/echo", bytes("after"));

        assertThat(chunked.body()).hasSize(20_000);
        assertThat(text(chunked)).isEqualTo("0123456789".repeat(2_000));
        assertThat(text(next)).isEqualTo("after");
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void answersAnErrorStatusWithItsBodyAndKeepsTheConnection() throws Exception {
        RawResponse refused = client.postJson("/refuse", bytes("{}"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(text(refused)).isEqualTo("{\"code\":\"overloaded\"}");
        assertThat(client.openConnections()).isOne();
    }

    @Test
    void opensANewConnectionAfterTheServerSaidItWouldClose() throws Exception {
        RawResponse last = client.postJson("/close", bytes("{}"));

        assertThat(last.keepAlive()).isFalse();
        assertThat(client.openConnections()).isZero();
        assertThat(text(client.postJson("/echo", bytes("again")))).isEqualTo("again");
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void failsARequestWhoseAnswerTakesLongerThanTheReadTimeoutAndDropsItsConnection() {
        try (SocketHttpClient impatient =
                clientOf(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofMillis(200))) {
            assertThatThrownBy(() -> impatient.postJson("/hang", bytes("{}")))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(impatient.openConnections()).isZero();
        }
    }

    @Test
    void failsARequestTheServerClosesWithoutAnsweringAndRecoversOnANewConnection() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                SocketHttpClient toRude =
                        clientOf(URI.create("http://127.0.0.1:" + rude.getLocalPort()), READ_TIMEOUT)) {
            executor.execute(() -> hangUpOnce(rude));

            assertThatThrownBy(() -> toRude.postJson("/jobs", bytes("{}"))).isInstanceOf(IOException.class);
            assertThat(toRude.openConnections()).isZero();
        }
    }

    @Test
    void refusesAnHttpsUrl() {
        assertThatThrownBy(() -> clientOf(URI.create("https://127.0.0.1:8443"), READ_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http only");
    }

    private static SocketHttpClient clientOf(URI server, Duration readTimeout) {
        return new SocketHttpClient(
                server,
                Map.of("Authorization", "Bearer key"),
                Duration.ofSeconds(2),
                readTimeout,
                Duration.ofMinutes(1));
    }

    private String request(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.getRequestHeaders()
                .forEach((name, values) -> lastHeaders.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        try (InputStream body = exchange.getRequestBody()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = bytes(body);
        // Length 0 makes the JDK server stream the body in chunks.
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Reads the start of one request and closes the connection without a word. */
    private static void hangUpOnce(ServerSocket server) {
        try (Socket connection = server.accept()) {
            connection.getInputStream().read(new byte[1024]);
        } catch (IOException e) {
            // The test sees the effect on the client side.
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(RawResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
