package dev.foreman.client;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A job as the API shows it ({@code GET /v1/jobs/{id}}). Fields a server does not send are null. */
public record Job(
        UUID id,
        String queue,
        String type,
        Priority priority,
        JobState state,
        int attempt,
        int maxAttempts,
        Instant runAt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        Target target,
        JsonNode payload,
        String timeout,
        JsonNode retry,
        String lastError,
        Result result,
        String idempotencyKey,
        String callbackUrl,
        Map<String, String> labels,
        UUID scheduleId) {

    /** Where the job's request goes. Header values may be redacted for keys that may not read them. */
    public record Target(String url, String method, Map<String, String> headers) {}

    /** The target's answer to the last attempt: status, the first 4 KiB of the body, duration. */
    public record Result(Integer status, String body, Integer durationMs) {}

    public boolean isTerminal() {
        return state != null && state.isTerminal();
    }
}
