package dev.foreman.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.foreman.client.errors.ForemanException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subscription against a scripted event-stream server: resume, heartbeats, refusal. */
class EventSubscriptionTest {
    private static final UUID JOB = UUID.fromString("0193a5b0-0000-7000-8000-000000000001");

    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Foreman clientFor(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            script.serve(exchange, lastEventIds.size());
        });
        server.start();
        return Foreman.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("fm_test")
                .build();
    }

    interface Script {
        void serve(HttpExchange exchange, int connection) throws IOException;
    }

    private static void stream(HttpExchange exchange, String text) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String jobEvent(String id, String state) {
        return "event: job\nid: " + id + "\ndata: {\"id\":\"" + JOB + "\",\"queue\":\"q\",\"type\":\"t\","
                + "\"priority\":\"normal\",\"state\":\"" + state
                + "\",\"attempt\":1,\"at\":\"2026-12-02T10:00:00Z\"}\n\n";
    }

    private final EventListener recorder = new EventListener() {
        @Override
        public void onJob(JobEvent event) {
            seen.add("job " + event.eventId() + " " + event.state().wireName());
        }

        @Override
        public void onHeartbeat() {
            seen.add("heartbeat");
        }

        @Override
        public void onReset() {
            seen.add("reset");
        }

        @Override
        public void onRefused(ForemanException problem) {
            seen.add("refused " + problem.code());
        }
    };

    private String next() throws InterruptedException {
        String event = seen.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }

    @Test
    void aBrokenStreamReconnectsWithTheLastEventIdAndGetsTheEventsAfterIt() throws Exception {
        Foreman foreman = clientFor((exchange, connection) -> {
            if (connection == 1) {
                stream(exchange, jobEvent("1-0", "queued") + jobEvent("2-0", "running"));
            } else {
                stream(exchange, ": heartbeat\n\n" + jobEvent("3-0", "succeeded"));
            }
        });

        try (EventSubscription subscription = foreman.events(EventFilter.all(), recorder)) {
            assertThat(List.of(next(), next(), next(), next()))
                    .containsExactly("job 1-0 queued", "job 2-0 running", "heartbeat", "job 3-0 succeeded");
            assertThat(lastEventIds.subList(0, 2)).containsExactly("null", "2-0");
            assertThat(subscription.lastEventId()).isEqualTo("3-0");
        }
    }

    @Test
    void aSubscriptionGivenAnIdResumesAfterItAndPassesResetOn() throws Exception {
        Foreman foreman = clientFor((exchange, connection) -> stream(exchange, "event: reset\ndata: {}\n\n"));

        try (EventSubscription ignored = foreman.events(EventFilter.all().after("9-0"), recorder)) {
            assertThat(next()).isEqualTo("reset");
            assertThat(lastEventIds.get(0)).isEqualTo("9-0");
        }
    }

    @Test
    void aRefusedKeyEndsTheSubscriptionWithTheProblemsCode() throws Exception {
        Foreman foreman = clientFor((exchange, connection) -> {
            byte[] problem = "{\"code\":\"unauthorized\",\"detail\":\"unknown key\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, problem.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(problem);
            }
        });

        EventSubscription subscription = foreman.events(EventFilter.all(), recorder);

        assertThat(next()).isEqualTo("refused unauthorized");
        assertThat(subscription.awaitEnd(Duration.ofSeconds(5))).isTrue();
        assertThat(lastEventIds).hasSize(1);
    }
}
