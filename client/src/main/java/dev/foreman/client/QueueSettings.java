package dev.foreman.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code PATCH /v1/queues/{name}}: only the settings named are changed; {@code remove…} clears a limit. */
public final class QueueSettings {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public static QueueSettings change() {
        return new QueueSettings();
    }

    public QueueSettings paused(boolean paused) {
        fields.put("paused", paused);
        return this;
    }

    public QueueSettings maxConcurrency(int maxConcurrency) {
        fields.put("max_concurrency", maxConcurrency);
        return this;
    }

    public QueueSettings removeMaxConcurrency() {
        fields.put("max_concurrency", null);
        return this;
    }

    public QueueSettings rateLimit(double perSecond, int burst) {
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("per_second", perSecond);
        rate.put("burst", burst);
        fields.put("rate_limit", rate);
        return this;
    }

    public QueueSettings removeRateLimit() {
        fields.put("rate_limit", null);
        return this;
    }

    Map<String, Object> fields() {
        return fields;
    }
}
