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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final String QUEUE = "{\"name\":\"q\",\"paused\":false,\"max_concurrency\":3,"
            + "\"rate_limit\":{\"per_second\":20.0,\"burst\":20},"
            + "\"counts\":{\"scheduled\":0,\"queued\":42,\"running\":3,\"retrying\":0,\"dead\":0},"
            + "\"oldest_queued_age_ms\":1500}";

    private final AtomicInteger refuseNext = new AtomicInteger();
    private final List<String> queueCalls = new CopyOnWriteArrayList<>();
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
        api.createContext("/v1/queues/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            queueCalls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            byte[] answer = (exchange.getRequestURI().getPath().endsWith("/purge") ? "{\"cancelled\":7}" : QUEUE)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
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

    @Test
    void changesReadsAndPurgesAQueueThroughTheQueueApi() throws Exception {
        QueueView changed = client.changeQueue("q", "{\"max_concurrency\":3}");
        QueueView read = client.queue("q");
        long cancelled = client.purgeQueue("q");

        assertThat(queueCalls)
                .containsExactly(
                        "PATCH /v1/queues/q {\"max_concurrency\":3}",
                        "GET /v1/queues/q ",
                        "POST /v1/queues/q/purge {}");
        assertThat(changed.maxConcurrency()).isEqualTo(3);
        assertThat(changed.ratePerSecond()).isEqualTo(20.0);
        assertThat(changed.rateBurst()).isEqualTo(20);
        assertThat(read.count("queued")).isEqualTo(42);
        assertThat(read.count("unknown")).isZero();
        assertThat(read.describeLimits()).isEqualTo("max_concurrency 3, rate_limit 20.0/s (burst 20)");
        assertThat(cancelled).isEqualTo(7);
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
