package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.RunningApi;
import dev.foreman.testkit.infra.TestTenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Slow clients of {@code /v1/events} on a real Tomcat, each dropped by its rule, counted, its
 * connection closed and its writer ended, while a client that reads keeps its stream. A context of
 * its own: a write timeout of 5 s (short, yet well above the stalls of a loaded machine, which
 * Tomcat counts against a write blocked meanwhile), a client buffer of 2,000 events, and small
 * socket send buffers, so that a few hundred events fill a slow client's connection (with the
 * kernel's own sizing that takes megabytes). Closed after the class, so its background loops do not run beside the shared
 * context for the rest of the suite.
 */
@DirtiesContext
@TestPropertySource(
        properties = {
            "foreman.api.events.write-timeout=5s",
            "foreman.api.events.client-buffer=2000",
            "foreman.api.events.heartbeat=500ms"
        })
@Import(SlowEventClientIT.SmallSendBuffers.class)
class SlowEventClientIT extends RunningApi {
    /** Fill the slow client's connection, and leave fewer than the client buffer waiting behind it. */
    private static final int JOBS = 500;

    @Autowired
    private MeterRegistry meters;

    @TestConfiguration(proxyBeanMethods = false)
    static class SmallSendBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "8192");
        }
    }

    /** The streams of an earlier test end once their writers notice (at their next heartbeat). */
    @BeforeEach
    void noStreamIsOpen() {
        await("no stream is open").atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAtTheWriteTimeoutWhileOneThatReadsKeepsItsStream() throws Exception {
        TestTenant tenant = newTenant();
        try (EventLines healthy = EventLines.open(uri("/v1/events"), tenant.apiKey());
                Socket slow = new Socket()) {
            await("the reading client's stream is open")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> healthy.count("event:stats") > 0);
            double openBefore = openStreams();
            double stalledBefore = dropped(DropReason.WRITE_STALLED);
            double fullBefore = dropped(DropReason.BUFFER_FULL);

            // A tiny receive window and no reading: the server's writes block once a few KiB are in flight.
            openSlowly(slow, tenant);
            await("the slow client's stream is open")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> openStreams() == openBefore + 1);

            submitScheduledJobs(tenant, JOBS);

            await("the reading client got every event")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> healthy.count("event:job") >= JOBS);
            await("the slow client is dropped for its stalled write")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> dropped(DropReason.WRITE_STALLED) == stalledBefore + 1);
            await("its writer ended").atMost(Duration.ofSeconds(10)).until(() -> openStreams() == openBefore);
            assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(fullBefore);

            // Its connection is closed: reading what was in flight ends in end-of-stream, not a timeout.
            slow.setSoTimeout(10_000);
            InputStream in = slow.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                total += n;
            }
            assertThat(total).as("bytes the server had sent").isPositive();

            // The reading client is still connected.
            Instant afterTheDrop = Instant.now();
            await("a heartbeat after the drop")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> healthy.lastHeartbeat().isAfter(afterTheDrop));
            assertThat(healthy.count("event:job")).isEqualTo(JOBS);
        }
    }

    @Test
    void aClientThatReadsButFallsAWholeBufferBehindIsDisconnected() throws Exception {
        TestTenant tenant = newTenant();
        try (Socket slow = new Socket()) {
            double openBefore = openStreams();
            double stalledBefore = dropped(DropReason.WRITE_STALLED);
            double fullBefore = dropped(DropReason.BUFFER_FULL);
            openSlowly(slow, tenant);
            slow.setSoTimeout(20);
            InputStream in = slow.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            await("the slow client's stream is open")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> openStreams() == openBefore + 1);

            // 3,000 events, while it takes a KiB every 50 ms: its writes always progress (the write
            // timeout never fires), but it falls further behind than the client buffer.
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                for (int batch = 0; batch < 3; batch++) {
                    submitScheduledJobs(tenant, 1000);
                }
            });
            long[] total = {0};
            await("the slow client is dropped for its full buffer")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        total[0] += Math.max(0, readSome(in, chunk, 1024));
                        return dropped(DropReason.BUFFER_FULL) == fullBefore + 1;
                    });
            flood.join();

            // Its connection is closed once what was in flight is read (the writer, its write done,
            // ends the request, and Tomcat closes the connection).
            await("its connection is closed")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        long n = readSome(in, chunk, chunk.length);
                        total[0] += Math.max(0, n);
                        return n < 0;
                    });
            assertThat(openStreams()).isEqualTo(openBefore);
            assertThat(total[0]).as("bytes the server had sent").isPositive();
            assertThat(dropped(DropReason.WRITE_STALLED)).isEqualTo(stalledBefore);
        }
    }

    /** {@code GET /v1/events} on a socket with a tiny receive window, reading nothing yet. */
    private void openSlowly(Socket slow, TestTenant tenant) throws IOException {
        slow.setReceiveBufferSize(1024);
        slow.connect(new InetSocketAddress("127.0.0.1", uri("/").getPort()), 5000);
        OutputStream out = slow.getOutputStream();
        out.write(("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + tenant.apiKey()
                        + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Scheduled jobs in one batch: an event each (about 250 bytes of stream) and no work for anyone. */
    private void submitScheduledJobs(TestTenant tenant, int count) {
        String batch = IntStream.range(0, count)
                .mapToObj(i -> "{\"queue\": \"flood\", \"type\": \"it.flood\", \"delay\": \"1h\","
                        + " \"target\": {\"url\": \"https://svc.internal/hooks/later\"}}")
                .collect(Collectors.joining(",", "{\"jobs\": [", "]}"));
        assertThat(post("/v1/jobs/batch", tenant.apiKey(), batch).statusCode()).isEqualTo(202);
    }

    /** Up to {@code most} bytes if some come within the socket's timeout: 0 when none did, -1 at the end. */
    private static long readSome(InputStream in, byte[] chunk, int most) throws IOException {
        try {
            return in.read(chunk, 0, most);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    private double openStreams() {
        return meters.get("foreman.events.clients").gauge().value();
    }

    private double dropped(DropReason reason) {
        return meters.get("foreman.events.clients.dropped")
                .tag("reason", reason.label())
                .counter()
                .count();
    }

    /** A client that reads a stream as fast as it comes and counts its lines. */
    private static final class EventLines implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        private final InputStream body;
        private final Map<String, AtomicLong> lines = new ConcurrentHashMap<>();
        private volatile Instant lastHeartbeat = Instant.EPOCH;

        private EventLines(InputStream body) {
            this.body = body;
            Thread.ofVirtual().name("it-event-lines").start(this::read);
        }

        static EventLines open(URI uri, String apiKey) throws IOException, InterruptedException {
            HttpResponse<InputStream> response = HTTP.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Accept", "text/event-stream")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new EventLines(response.body());
        }

        long count(String line) {
            AtomicLong seen = lines.get(line);
            return seen == null ? 0 : seen.get();
        }

        Instant lastHeartbeat() {
            return lastHeartbeat;
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("event:") || line.startsWith(":")) {
                        lines.computeIfAbsent(line, l -> new AtomicLong()).incrementAndGet();
                    }
                    if (line.startsWith(":") && line.contains("heartbeat")) {
                        lastHeartbeat = Instant.now();
                    }
                }
            } catch (IOException e) {
                // Closed by the test.
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
