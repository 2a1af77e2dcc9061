package dev.foreman.e2e;

import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.contract.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A user's view of Foreman: HTTP requests with a bearer key, JSON answers. Nothing else. */
final class ForemanClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String baseUrl;
    private final String apiKey;

    ForemanClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    String baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    /** Polls {@code GET /v1/jobs/{id}} until the job is in {@code state}, for at most {@code max}. */
    JsonNode awaitState(String id, String state, Duration max) {
        return await("job " + id + " is " + state)
                .atMost(max)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> get("/v1/jobs/" + id).ok(),
                        job -> job.get("state").asString().equals(state));
    }

    Answer submit(Map<String, Object> job) {
        return send("POST", "/v1/jobs", JSON.writeValueAsString(job), Map.of());
    }

    Answer submit(Map<String, Object> job, String idempotencyKey) {
        return send("POST", "/v1/jobs", JSON.writeValueAsString(job), Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Submits {@code job} as part of the client's trace {@code traceparent}. */
    Answer submitInTrace(Map<String, Object> job, String traceparent) {
        return send("POST", "/v1/jobs", JSON.writeValueAsString(job), Map.of("traceparent", traceparent));
    }

    Answer submitBatch(List<Map<String, Object>> jobs) {
        return send("POST", "/v1/jobs/batch", JSON.writeValueAsString(Map.of("jobs", jobs)), Map.of());
    }

    Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    Answer patch(String path, String jsonBody) {
        return send("PATCH", path, jsonBody, Map.of());
    }

    Answer post(String path, String jsonBody) {
        return send("POST", path, jsonBody, Map.of());
    }

    /** The attempt timeline of a job, first attempt first. */
    Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** The same client speaking to another api-service replica. */
    ForemanClient at(String otherBaseUrl) {
        return new ForemanClient(otherBaseUrl, apiKey);
    }

    /** A client of the same replica with another key. */
    ForemanClient withKey(String otherKey) {
        return new ForemanClient(baseUrl, otherKey);
    }

    List<JsonNode> attempts(String jobId) {
        List<JsonNode> attempts = new ArrayList<>();
        get("/v1/jobs/" + jobId + "/attempts").ok().get("items").forEach(attempts::add);
        return attempts;
    }

    /** Every job of a listing, following next_cursor to the end. */
    List<JsonNode> listAll(String query) {
        List<JsonNode> jobs = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/jobs?limit=500&" + query + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = get(path).ok();
            page.get("items").forEach(jobs::add);
            JsonNode next = page.get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return jobs;
    }

    private Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            OpenApiContract.shared()
                    .check(
                            method,
                            path,
                            response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null),
                            response.body());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The JSON body of a 2xx answer; anything else fails with the whole answer in the message. */
        JsonNode ok() {
            if (status / 100 != 2) {
                throw new AssertionError("expected 2xx, got " + status + ": " + body);
            }
            return json();
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }
}
