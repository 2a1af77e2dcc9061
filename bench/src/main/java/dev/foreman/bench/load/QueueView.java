package dev.foreman.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A queue as {@code GET} or {@code PATCH /v1/queues/{name}} answers it.
 *
 * @param maxConcurrency null when the queue has no concurrency limit
 * @param ratePerSecond null when the queue has no rate limit
 * @param rateBurst null when the queue has no rate limit
 * @param counts the queue's jobs by state ({@code scheduled}, {@code queued}, {@code running},
 *     {@code retrying}, {@code dead}); parked jobs count as queued
 */
public record QueueView(
        String name,
        boolean paused,
        Integer maxConcurrency,
        Double ratePerSecond,
        Integer rateBurst,
        Map<String, Long> counts) {

    static QueueView of(JsonNode queue) {
        JsonNode concurrency = queue.path("max_concurrency");
        JsonNode rate = queue.path("rate_limit");
        boolean limited = rate.isObject();
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonNode countNode = queue.path("counts");
        for (String state : countNode.propertyNames()) {
            counts.put(state, countNode.get(state).asLong(0));
        }
        return new QueueView(
                queue.path("name").asString(""),
                queue.path("paused").asBoolean(false),
                concurrency.isNumber() ? concurrency.asInt() : null,
                limited ? rate.path("per_second").asDouble() : null,
                limited ? rate.path("burst").asInt() : null,
                Map.copyOf(counts));
    }

    /** The queue's jobs in {@code state}, 0 when it has none. */
    public long count(String state) {
        return counts.getOrDefault(state, 0L);
    }

    /** Its limits in one phrase, e.g. {@code max_concurrency 3, rate_limit 20/s (burst 20)}. */
    public String describeLimits() {
        String concurrency = maxConcurrency == null ? "no max_concurrency" : "max_concurrency " + maxConcurrency;
        String rate = ratePerSecond == null
                ? "no rate_limit"
                : "rate_limit " + ratePerSecond + "/s (burst " + rateBurst + ")";
        return concurrency + ", " + rate;
    }
}
