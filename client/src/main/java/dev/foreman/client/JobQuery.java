package dev.foreman.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Filters of {@code GET /v1/jobs} and {@code GET /v1/dlq}; every filter is optional. */
public final class JobQuery {
    private final Map<String, String> parameters = new LinkedHashMap<>();

    public static JobQuery all() {
        return new JobQuery();
    }

    public JobQuery state(JobState state) {
        parameters.put("state", state.wireName());
        return this;
    }

    public JobQuery queue(String queue) {
        parameters.put("queue", queue);
        return this;
    }

    public JobQuery type(String type) {
        parameters.put("type", type);
        return this;
    }

    public JobQuery priority(Priority priority) {
        parameters.put("priority", priority.wireName());
        return this;
    }

    /** Jobs per page fetched (the API's {@code limit}); the stream goes on across pages. */
    public JobQuery pageSize(int pageSize) {
        parameters.put("limit", Integer.toString(pageSize));
        return this;
    }

    String toQuery(String cursor) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> query.add(name + "=" + encode(value)));
        if (cursor != null) {
            query.add("cursor=" + encode(cursor));
        }
        return query.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
