package dev.foreman.bench.scenario;

import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.report.LatencySummary;
import dev.foreman.bench.report.Progress;
import dev.foreman.bench.report.ScenarioResult;
import java.io.BufferedReader;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;

/**
 * {@value #CLIENTS} Server-Sent Events clients on one api-service, each on {@code GET
 * /v1/events?queue=} of the scenario's queue, while jobs are submitted at {@code --rate} per
 * second for {@code --latency-duration}. Delivery latency is the arrival of each {@code job} event
 * at each client minus the event's {@code at} (the job's change of state, same machine clock): it
 * covers the trigger, the relay, Redis, the fan-out and the SSE write. The api-service's heap is
 * in the resources of the scenario.
 */
final class EventsScenario implements Scenario {
    static final int CLIENTS = 200;
    private static final String METHOD =
            CLIENTS + " SSE clients of one tenant on GET /v1/events?queue=<scenario queue>;"
                    + " jobs submitted one POST /v1/jobs at a time at --rate per second for --latency-duration;"
                    + " delivery = arrival at the client - the event's at; expected = jobs x 3 events x clients.";

    private final ScenarioSettings settings;

    EventsScenario(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public boolean needsWorker() {
        return true;
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        ScenarioResult result = new ScenarioResult(name(), METHOD);
        String queue = context.queue(name());
        Recorder latencies = new Recorder(3);
        AtomicLong delivered = new AtomicLong();
        AtomicInteger ended = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(CLIENTS);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        URI events = URI.create(context.stack().apiUrl() + "/v1/events?queue=" + queue);
        List<Thread> readers = new ArrayList<>();
        List<InputStream> bodies = new ArrayList<>();
        Progress.say("events: opening %d SSE clients", CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(events)
                            .header("Authorization", "Bearer " + context.stack().apiKey())
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                return result.failed("GET /v1/events answered " + response.statusCode());
            }
            bodies.add(response.body());
            readers.add(Thread.ofVirtual()
                    .start(() -> read(context, response.body(), latencies, delivered, connected, ended)));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            return result.failed("not every client got its first stats event within 60 s");
        }
        String body = new JobBodies(context.json(), queue, context.target().url("events")).dueNow();
        long jobs = Math.round(settings.rate() * settings.latencyDuration().toSeconds());
        Progress.say("events: submitting %,d jobs at %.0f/s", jobs, settings.rate());
        long started = System.nanoTime();
        latencies.reset();
        for (long i = 0; i < jobs; i++) {
            long due = started + (long) (i * 1e9 / settings.rate());
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            context.api().submit(body);
        }
        long expected = jobs * 3 * CLIENTS;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (delivered.get() < expected && System.nanoTime() < deadline && ended.get() < CLIENTS) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        result.figure("clients", CLIENTS)
                .figure("jobs", jobs)
                .figure("events_expected", expected)
                .figure("events_delivered", delivered.get())
                .figure("clients_disconnected", ended.get())
                .latency("delivery", LatencySummary.ofMicros(latencies.getIntervalHistogram()));
        for (InputStream in : bodies) {
            in.close();
        }
        readers.forEach(Thread::interrupt);
        context.target().forget("events");
        return result;
    }

    private static void read(
            ScenarioContext context,
            InputStream body,
            Recorder latencies,
            AtomicLong delivered,
            CountDownLatch connected,
            AtomicInteger ended) {
        boolean counted = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "stats".equals(event) && !counted) {
                    counted = true;
                    connected.countDown();
                } else if (line.startsWith("data:") && "job".equals(event)) {
                    Instant arrived = Instant.now();
                    JsonNode data = context.json().readTree(line.substring(5).trim());
                    Instant at = Instant.parse(data.get("at").asString());
                    latencies.recordValue(
                            Math.max(0, Duration.between(at, arrived).toNanos() / 1000));
                    delivered.incrementAndGet();
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
        } catch (Exception e) {
            // closed at the end, or dropped
        }
        ended.incrementAndGet();
    }
}
