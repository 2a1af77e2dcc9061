package dev.foreman.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** {@code /v1/dlq}: the dead jobs not discarded, their retry and their discard. */
public final class DeadLetters {
    private final Transport transport;
    private final Jobs jobs;

    DeadLetters(Transport transport, Jobs jobs) {
        this.transport = transport;
        this.jobs = jobs;
    }

    public Page<Job> page(JobQuery query, String cursor) {
        JsonNode answer = transport.callForTree(Call.get("/v1/dlq" + query.toQuery(cursor)));
        return new Page<>(jobs.readList(answer.path("items"), Job.class), Jobs.textOrNull(answer.path("next_cursor")));
    }

    /** Every dead-letter job matching {@code query} (its state filter is ignored), newest first. */
    public Stream<Job> list(JobQuery query) {
        return Pages.stream(cursor -> page(query, cursor));
    }

    /** Queues one dead-letter job again with a fresh attempt budget. */
    public Job retry(UUID id) {
        return transport.call(Call.write("POST", "/v1/dlq/" + id + "/retry", null), Job.class);
    }

    /** Queues again every dead-letter job of the queue, type and priority given (null: any); answers how many. */
    public int retryAll(String queue, String type, Priority priority) {
        Map<String, Object> filter = new LinkedHashMap<>();
        if (queue != null) {
            filter.put("queue", queue);
        }
        if (type != null) {
            filter.put("type", type);
        }
        if (priority != null) {
            filter.put("priority", priority.wireName());
        }
        String body = transport.json().writeValueAsString(filter);
        return transport
                .callForTree(Call.write("POST", "/v1/dlq/retry", body))
                .path("retried")
                .asInt();
    }

    /** Takes the job out of the dead-letter queue; it stays readable as a dead job. */
    public void discard(UUID id) {
        transport.callForNothing(Call.write("DELETE", "/v1/dlq/" + id, null));
    }
}
