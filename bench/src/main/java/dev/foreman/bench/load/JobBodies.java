package dev.foreman.bench.load;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies for the submit endpoints: no-op jobs of one queue that target the bench's local
 * target and carry a small payload, as a typical webhook job would.
 */
public final class JobBodies {
    private final JsonMapper json;
    private final String queue;
    private final URI target;

    /**
     * @param queue the queue of every job, unique per bench run so that runs never see each other's jobs
     * @param target the URL every job is delivered to
     */
    public JobBodies(JsonMapper json, String queue, URI target) {
        this.json = json;
        this.queue = queue;
        this.target = target;
    }

    /** A job that is due at once. */
    public String dueNow() {
        return json.writeValueAsString(job());
    }

    /** A job that is due at once, of {@code priority} ({@code high}, {@code normal} or {@code low}). */
    public String dueNow(String priority) {
        ObjectNode job = job();
        job.put("priority", priority);
        return json.writeValueAsString(job);
    }

    /** A job that waits {@code delay} (e.g. {@code 1h}) before it is due. */
    public String delayed(String delay) {
        ObjectNode job = job();
        job.put("delay", delay);
        return json.writeValueAsString(job);
    }

    /** A job due at {@code runAt}, sent as RFC 3339 UTC with millisecond precision. */
    public String dueAt(Instant runAt) {
        ObjectNode job = job();
        job.put("run_at", runAt.truncatedTo(ChronoUnit.MILLIS).toString());
        return json.writeValueAsString(job);
    }

    /** The body of {@code POST /v1/jobs/batch} for jobs rendered by the methods above. */
    public static String batch(List<String> jobs) {
        return "{\"jobs\":[" + String.join(",", jobs) + "]}";
    }

    private ObjectNode job() {
        ObjectNode job = json.createObjectNode();
        job.put("queue", queue);
        job.put("type", "bench.noop");
        job.putObject("target").put("url", target.toString());
        job.putObject("payload").put("bench", true).put("note", "no-op job of the Foreman benchmark");
        return job;
    }
}
