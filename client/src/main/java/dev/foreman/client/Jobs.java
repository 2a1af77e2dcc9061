package dev.foreman.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/** {@code /v1/jobs}: submit, read, list, cancel, retry and wait for jobs. */
public final class Jobs {
    private final Transport transport;
    private final Clock clock;

    Jobs(Transport transport, Clock clock) {
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Submits one job and answers it as stored. A repeat of an idempotency key answers the job the
     * key first stored. Safe to retry: without a key of the caller's, the client makes one.
     */
    public Job submit(JobSpec job) {
        return submitted(job).job();
    }

    /** Like {@link #submit} and also tells whether the answer was a replay of an earlier submit. */
    public Submitted submitted(JobSpec job) {
        String key = job.idempotencyKey() != null ? job.idempotencyKey() : newIdempotencyKey();
        String body = transport.json().writeValueAsString(job.fields());
        var response = transport.exchange(Call.submit("/v1/jobs", body, key));
        Job stored = transport.json().readValue(response.body(), Job.class);
        boolean replayed = response.headers()
                .firstValue("Idempotent-Replayed")
                .map("true"::equalsIgnoreCase)
                .orElse(false);
        return new Submitted(stored, replayed);
    }

    /** The answer to a submit: the stored job, and whether an earlier submit of its key stored it. */
    public record Submitted(Job job, boolean replayed) {}

    /**
     * Submits up to the API's batch limit (1,000) in one transaction: all are stored or none. Each
     * job without a key gets one, so a retried batch stores nothing twice.
     */
    public List<Job> submitBatch(List<JobSpec> jobs) {
        List<Map<String, Object>> bodies = new ArrayList<>(jobs.size());
        for (JobSpec job : jobs) {
            Map<String, Object> fields = new LinkedHashMap<>(job.fields());
            fields.put("idempotency_key", job.idempotencyKey() != null ? job.idempotencyKey() : newIdempotencyKey());
            bodies.add(fields);
        }
        String body = transport.json().writeValueAsString(Map.of("jobs", bodies));
        JsonNode answer = transport.callForTree(Call.submit("/v1/jobs/batch", body, null));
        return readList(answer.path("jobs"), Job.class);
    }

    public Job get(UUID id) {
        return transport.call(Call.get("/v1/jobs/" + id), Job.class);
    }

    /** One page of jobs, newest first; pass the previous page's {@code nextCursor} (null for the first). */
    public Page<Job> page(JobQuery query, String cursor) {
        JsonNode answer = transport.callForTree(Call.get("/v1/jobs" + query.toQuery(cursor)));
        return new Page<>(readList(answer.path("items"), Job.class), textOrNull(answer.path("next_cursor")));
    }

    /** Every job matching {@code query}, newest first, fetched page by page as the stream is read. */
    public Stream<Job> list(JobQuery query) {
        return Pages.stream(cursor -> page(query, cursor));
    }

    public List<Attempt> attempts(UUID id) {
        JsonNode answer = transport.callForTree(Call.get("/v1/jobs/" + id + "/attempts"));
        return readList(answer.path("items"), Attempt.class);
    }

    public List<Callback> callbacks(UUID id) {
        JsonNode answer = transport.callForTree(Call.get("/v1/jobs/" + id + "/callbacks"));
        return readList(answer.path("items"), Callback.class);
    }

    /** Cancels a job that has not ended; {@code ConflictException} (job_not_cancellable) if it has. */
    public Job cancel(UUID id) {
        return transport.call(Call.write("POST", "/v1/jobs/" + id + "/cancel", null), Job.class);
    }

    /** Queues a dead or cancelled job again; {@code ConflictException} (job_not_retryable) otherwise. */
    public Job retry(UUID id) {
        return transport.call(Call.write("POST", "/v1/jobs/" + id + "/retry", null), Job.class);
    }

    /**
     * Waits until the job has ended (succeeded, dead or cancelled) and answers it as it ended.
     *
     * @throws JobWaitTimeoutException if it has not ended within {@code timeout}
     */
    public Job awaitTerminal(UUID id, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Duration wait = Duration.ofMillis(20);
        while (true) {
            Job job = get(id);
            if (job.isTerminal()) {
                return job;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new JobWaitTimeoutException(job, timeout);
            }
            sleep(wait.compareTo(left) < 0 ? wait : left);
            wait = wait.multipliedBy(2).compareTo(Duration.ofMillis(500)) > 0
                    ? Duration.ofMillis(500)
                    : wait.multipliedBy(2);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a job", e);
        }
    }

    static String newIdempotencyKey() {
        return "fmc-" + UUID.randomUUID();
    }

    <T> List<T> readList(JsonNode array, Class<T> type) {
        JavaType listType = transport.json().getTypeFactory().constructCollectionType(List.class, type);
        if (!array.isArray()) {
            throw Transport.unexpected(200, "the answer has no list where one was expected");
        }
        return transport.json().treeToValue(array, listType);
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }
}
