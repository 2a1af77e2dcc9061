package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ForemanClientTest {
    private static final UUID FIRST = UUID.fromString("0190c3a4-1111-7000-8000-000000000001");
    private static final UUID SECOND = UUID.fromString("0190c3a4-2222-7000-8000-000000000002");

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private HttpServer api;
    private ForemanClient client;

    @BeforeEach
    void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        api.setExecutor(executor);
        api.createContext("/v1/jobs", exchange -> answer(exchange, "{\"queue\":\"q\",\"id\":\"" + FIRST + "\"}"));
        api.createContext(
                "/v1/jobs/batch",
                exchange -> answer(exchange, "{\"jobs\":[{\"id\":\"" + FIRST + "\"},{\"id\":\"" + SECOND + "\"}]}"));
        api.start();
        client = new ForemanClient(
                URI.create("http://127.0.0.1:" + api.getAddress().getPort()),
                "key",
                JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        client.close();
        api.stop(0);
        executor.shutdownNow();
    }

    @Test
    void readsTheNewJobsIdFromAStreamedAcceptedAnswer() throws Exception {
        assertThat(client.submit("{}")).isEqualTo(FIRST);
        assertThat(client.submitBatch("{\"jobs\":[{},{}]}")).containsExactly(FIRST, SECOND);
    }

    @Test
    void countsAnAnswerOtherThanAcceptedAsARefusalWithItsStatusAndBody() throws Exception {
        refuseNext.set(1);

        assertThatThrownBy(() -> client.submit("{}"))
                .isInstanceOf(ApiRefusedException.class)
                .hasMessageContaining("POST /v1/jobs answered 503")
                .hasMessageContaining("overloaded")
                .extracting(e -> ((ApiRefusedException) e).status())
                .isEqualTo(503);
        assertThat(client.submit("{}")).isEqualTo(FIRST);
    }

    private void answer(HttpExchange exchange, String accepted) throws IOException {
        exchange.getRequestBody().readAllBytes();
        boolean refuse = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        byte[] body = (refuse ? "{\"code\":\"overloaded\"}" : accepted).getBytes(StandardCharsets.UTF_8);
        // Length 0: streamed in chunks, as Tomcat streams a JSON answer.
        exchange.sendResponseHeaders(refuse ? 503 : 202, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
