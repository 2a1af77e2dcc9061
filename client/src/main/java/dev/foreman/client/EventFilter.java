package dev.foreman.client;

import java.util.StringJoiner;
import java.util.UUID;

/** Which events of {@code GET /v1/events} to receive, and where to resume. */
public final class EventFilter {
    private String queue;
    private UUID jobId;
    private String lastEventId;

    public static EventFilter all() {
        return new EventFilter();
    }

    public EventFilter queue(String queue) {
        this.queue = queue;
        return this;
    }

    public EventFilter job(UUID jobId) {
        this.jobId = jobId;
        return this;
    }

    /** Resume after this event id (sent as {@code Last-Event-ID}): the events after it arrive first. */
    public EventFilter after(String lastEventId) {
        this.lastEventId = lastEventId;
        return this;
    }

    String lastEventId() {
        return lastEventId;
    }

    String toQuery() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (queue != null) {
            query.add("queue=" + JobQuery.encode(queue));
        }
        if (jobId != null) {
            query.add("job_id=" + jobId);
        }
        return query.toString();
    }
}
