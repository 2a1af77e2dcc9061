package dev.foreman.chaos.cron;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A few schedules created through the API at the start of the load ({@code * * * * * *}: every
 * second, {@code fire_all} so that ticks missed while no scheduler could fire are fired late rather
 * than skipped), paused through the API at its end.
 */
public final class CronSchedules {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final JsonMapper json;
    private final URI api;
    private final String authorization;
    private final Clock clock;
    private final List<UUID> ids = new ArrayList<>();
    private Instant createdAt;
    private Instant pausedAt;

    public CronSchedules(HttpClient http, JsonMapper json, URI api, String apiKey, Clock clock) {
        this.http = http;
        this.json = json;
        this.api = api;
        this.authorization = "Bearer " + apiKey;
        this.clock = clock;
    }

    /** Creates {@code count} schedules, the i-th delivering to {@code target.apply("cron-" + i)}. */
    public void create(int count, String run, Function<String, URI> target) throws IOException, InterruptedException {
        createdAt = clock.instant();
        for (int i = 1; i <= count; i++) {
            ObjectNode schedule = json.createObjectNode();
            schedule.put("name", run + "-cron-" + i);
            schedule.put("cron", "* * * * * *");
            schedule.put("time_zone", "UTC");
            schedule.put("misfire_policy", "fire_all");
            schedule.put("overlap_policy", "allow");
            ObjectNode job = schedule.putObject("job");
            job.put("queue", run + "-cron");
            job.put("type", "chaos.cron");
            job.putObject("target").put("url", target.apply("cron-" + i).toString());
            job.put("timeout", "5s");
            job.putObject("retry")
                    .put("max_attempts", 20)
                    .put("min_backoff", "1s")
                    .put("max_backoff", "5s");
            HttpResponse<String> created = post("/v1/schedules", json.writeValueAsString(schedule));
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "POST /v1/schedules answered " + created.statusCode() + ": " + created.body());
            }
            ids.add(UUID.fromString(json.readTree(created.body()).path("id").asString()));
        }
    }

    /** Pauses every schedule, retrying each until it is paused (the API may be restarting). */
    public void pause() throws InterruptedException {
        for (UUID id : ids) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                try {
                    if (post("/v1/schedules/" + id + "/pause", "").statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // Try again: the replica may be restarting.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not pause schedule " + id + " within a minute");
                }
                Thread.sleep(500);
            }
        }
        pausedAt = clock.instant();
    }

    public List<UUID> ids() {
        return List.copyOf(ids);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant pausedAt() {
        return pausedAt;
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
