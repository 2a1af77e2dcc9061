package dev.foreman.common.job;

import java.util.Map;

/** Where and how a job is delivered: the HTTP request the worker makes. */
public record JobTarget(String url, String method, Map<String, String> headers) {
    public JobTarget {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
