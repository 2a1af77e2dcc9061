package dev.foreman.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls the bench makes on Foreman's REST API. The submits, which carry the load, go through
 * {@link SocketHttpClient} (kept-alive sockets, little work per request) so that generating load
 * takes as little as possible of the cores the stack is measured on; the occasional reads (a job,
 * a list, the readiness probe) use the JDK {@code HttpClient}. Both keep their connections for
 * every load thread to reuse. Each call throws {@link ApiRefusedException} for an unexpected status,
 * so that a scenario counts it as an error rather than as a fast success.
 *
 * <p>An {@code https} API URL is submitted to through the JDK client as well, which costs the
 * bench more CPU per request.
 */
public final class ForemanClient implements AutoCloseable {
    // Long enough for a batch on a loaded machine; short enough that a hung API fails a scenario
    // within minutes rather than hours.
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // Well below any server's keep-alive timeout (Tomcat's is 60 s), so that a reused connection
    // is never one the server has just closed.
    private static final Duration MAX_IDLE = Duration.ofSeconds(2);
    private static final String JSON = "application/json";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final SocketHttpClient submits;
    private final URI api;
    private final String authorization;
    private final JsonMapper json;
    private final JobIds ids;

    public ForemanClient(URI apiUrl, String apiKey, JsonMapper json) {
        this.api = apiUrl;
        this.authorization = "Bearer " + apiKey;
        this.json = json;
        this.ids = new JobIds(json);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(executor)
                .build();
        this.submits = "http".equalsIgnoreCase(apiUrl.getScheme())
                ? new SocketHttpClient(
                        apiUrl,
                        Map.of("Authorization", authorization, "Accept", JSON),
                        CONNECT_TIMEOUT,
                        SUBMIT_TIMEOUT,
                        MAX_IDLE)
                : null;
    }

    /** {@code POST /v1/jobs}; answers the new job's id. */
    public UUID submit(String jobBody) throws IOException, InterruptedException {
        return ids.idOfJob(post("/v1/jobs", jobBody));
    }

    /**
     * {@code POST /v1/jobs} of a body that carries an {@code idempotency_key}: answers the job's id
     * whether it is new ({@code 202}) or the key's earlier job ({@code 200}, a retry of a submit
     * whose answer was lost).
     */
    public UUID submitIdempotent(String jobBody) throws IOException, InterruptedException {
        return ids.idOfJob(post("/v1/jobs", jobBody, 202, 200));
    }

    /** {@code POST /v1/jobs/batch}; answers the new jobs' ids in the order they were sent. */
    public List<UUID> submitBatch(String batchBody) throws IOException, InterruptedException {
        return ids.idsOfBatch(post("/v1/jobs/batch", batchBody));
    }

    /** {@code GET /v1/jobs/{id}}. */
    public JobTimes job(UUID id) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(get("/v1/jobs/" + id));
        expect("GET /v1/jobs/{id}", response, 200);
        JsonNode job = json.readTree(response.body());
        return new JobTimes(job.path("state").asString(), instant(job, "started_at"), instant(job, "finished_at"));
    }

    /** Whether any job of {@code queue} is in {@code state}: one {@code GET /v1/jobs} with {@code limit=1}. */
    public boolean hasJobsIn(String queue, String state) throws IOException, InterruptedException {
        String query = "?queue=" + URLEncoder.encode(queue, StandardCharsets.UTF_8) + "&state=" + state + "&limit=1";
        HttpResponse<byte[]> response = send(get("/v1/jobs" + query));
        expect("GET /v1/jobs", response, 200);
        return !json.readTree(response.body()).path("items").isEmpty();
    }

    /** {@code GET /v1/queues/{name}}: the queue's settings and its jobs by state. */
    public QueueView queue(String name) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(get(queuePath(name)));
        expect("GET /v1/queues/{name}", response, 200);
        return QueueView.of(json.readTree(response.body()));
    }

    /**
     * {@code PATCH /v1/queues/{name}} with {@code changeBody} (e.g. {@code {"rate_limit":
     * {"per_second": 50}}}); answers the queue as it is after the change.
     */
    public QueueView changeQueue(String name, String changeBody) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(withBody("PATCH", queuePath(name), changeBody, READ_TIMEOUT));
        expect("PATCH /v1/queues/{name}", response, 200);
        return QueueView.of(json.readTree(response.body()));
    }

    /**
     * {@code POST /v1/queues/{name}/purge}: cancels the queue's scheduled, queued and retrying jobs;
     * answers how many it cancelled.
     */
    public long purgeQueue(String name) throws IOException, InterruptedException {
        // A large queue is purged in batches on the server; allow it as long as a batch submit.
        HttpResponse<byte[]> response = send(withBody("POST", queuePath(name) + "/purge", "{}", SUBMIT_TIMEOUT));
        expect("POST /v1/queues/{name}/purge", response, 200);
        return json.readTree(response.body()).path("cancelled").asLong();
    }

    /** The status of {@code GET /v1/jobs?limit=1}: 200 once the API is up and the key is known. */
    public int probe() throws IOException, InterruptedException {
        return send(get("/v1/jobs?limit=1")).statusCode();
    }

    /** {@code POST path}, expecting {@code 202 Accepted}; answers the body. */
    private byte[] post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, 202, 202);
    }

    /** {@code POST path}, expecting one of two statuses; answers the body. */
    private byte[] post(String path, String body, int expected, int alsoExpected)
            throws IOException, InterruptedException {
        String call = "POST " + path;
        if (submits == null) {
            HttpResponse<byte[]> response = send(jdkPost(path, body));
            expect(call, response.statusCode(), response.body(), expected, alsoExpected);
            return response.body();
        }
        RawResponse response = submits.postJson(path, body.getBytes(StandardCharsets.UTF_8));
        expect(call, response.status(), response.body(), expected, alsoExpected);
        return response.body();
    }

    private HttpRequest jdkPost(String path, String body) {
        return withBody("POST", path, body, SUBMIT_TIMEOUT);
    }

    private HttpRequest withBody(String method, String path, String body, Duration timeout) {
        return HttpRequest.newBuilder(api.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", JSON)
                .header("Accept", JSON)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** Queue names are {@code [A-Za-z0-9._-]}: nothing to encode. */
    private static String queuePath(String name) {
        return "/v1/queues/" + name;
    }

    private HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(api.resolve(pathAndQuery))
                .timeout(READ_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", JSON)
                .GET()
                .build();
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void expect(String call, HttpResponse<byte[]> response, int status) {
        expect(call, response.statusCode(), response.body(), status, status);
    }

    private static void expect(String call, int actual, byte[] body, int expected, int alsoExpected) {
        if (actual != expected && actual != alsoExpected) {
            throw new ApiRefusedException(call, actual, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static Instant instant(JsonNode job, String field) {
        JsonNode value = job.path(field);
        return value.isString() ? Instant.parse(value.asString()) : null;
    }

    @Override
    public void close() {
        if (submits != null) {
            submits.close();
        }
        http.shutdownNow();
        executor.shutdownNow();
    }
}
