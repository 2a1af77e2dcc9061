package dev.foreman.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code /v1/queues}: depth, pause and resume, limits and purge. */
public final class Queues {
    private final Transport transport;
    private final Jobs jobs;

    Queues(Transport transport, Jobs jobs) {
        this.transport = transport;
        this.jobs = jobs;
    }

    public List<Queue> list() {
        JsonNode answer = transport.callForTree(Call.get("/v1/queues"));
        return jobs.readList(answer.path("items"), Queue.class);
    }

    public Queue get(String name) {
        return transport.call(Call.get(path(name)), Queue.class);
    }

    public Queue update(String name, QueueSettings settings) {
        String body = transport.json().writeValueAsString(settings.fields());
        return transport.call(Call.write("PATCH", path(name), body), Queue.class);
    }

    /** No new attempt of the queue starts until {@link #resume}; running ones finish. */
    public Queue pause(String name) {
        return transport.call(Call.write("POST", path(name) + "/pause", null), Queue.class);
    }

    public Queue resume(String name) {
        return transport.call(Call.write("POST", path(name) + "/resume", null), Queue.class);
    }

    /** Cancels the queue's jobs in {@code states} (none given: scheduled, queued, retrying); answers how many. */
    public long purge(String name, JobState... states) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (states.length > 0) {
            body.put("states", Arrays.stream(states).map(JobState::wireName).toList());
        }
        JsonNode answer = transport.callForTree(
                Call.write("POST", path(name) + "/purge", transport.json().writeValueAsString(body)));
        return answer.path("cancelled").asLong();
    }

    private static String path(String name) {
        return "/v1/queues/" + JobQuery.encode(name);
    }
}
