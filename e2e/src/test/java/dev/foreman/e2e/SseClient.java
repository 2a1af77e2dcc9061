package dev.foreman.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client as a dashboard would be: {@code GET /v1/events} with the API key in
 * the Authorization header, parsing the stream into events and comments as they arrive, each with
 * its time of arrival.
 */
final class SseClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** One event ({@code name} set) or comment ({@code comment} set), as it arrived. */
    record Received(String name, String id, String data, String comment, Instant arrivedAt) {
        JsonNode json() {
            return JSON.readTree(data);
        }

        boolean isJob() {
            return "job".equals(name);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final int status;
    private final InputStream body;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = Thread.ofVirtual().name("sse-client").start(this::read);
    }

    /** Opens {@code /v1/events?query} with the client's key and extra headers (such as Last-Event-ID). */
    static SseClient open(ForemanClient foreman, String query, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(foreman.baseUrl() + "/v1/events" + (query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + foreman.apiKey())
                .header("Accept", "text/event-stream")
                .GET();
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("GET /v1/events failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static SseClient open(ForemanClient foreman) {
        return open(foreman, "", Map.of());
    }

    int status() {
        return status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> jobEvents() {
        return received.stream().filter(Received::isJob).toList();
    }

    /** The job events of one job, in the order they arrived. */
    List<Received> jobEventsOf(String jobId) {
        return jobEvents().stream()
                .filter(event -> event.json().get("id").asString().equals(jobId))
                .toList();
    }

    /** Waits until some received event or comment matches, and returns the first that does. */
    Received await(String what, Predicate<Received> matching, Duration max) {
        return org.awaitility.Awaitility.await(what)
                .atMost(max)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> received.stream().filter(matching).findFirst().orElse(null), r -> r != null);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            List<String> data = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null || !data.isEmpty()) {
                        received.add(new Received(
                                name == null ? "message" : name, id, String.join("\n", data), null, Instant.now()));
                    }
                    name = null;
                    id = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    received.add(
                            new Received(null, null, null, line.substring(1).trim(), Instant.now()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
