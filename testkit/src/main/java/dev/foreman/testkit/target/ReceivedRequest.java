package dev.foreman.testkit.target;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One request the stub target received, recorded when it arrived (before any scripted delay).
 *
 * @param path the request path, without the query
 * @param headers header names in lower case; repeated headers joined with {@code ", "}
 * @param body the body as UTF-8 text, empty if there was none
 * @param query the raw query string, or null if there was none
 */
public record ReceivedRequest(
        String method, String path, Map<String, String> headers, String body, Instant receivedAt, String query) {

    public ReceivedRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of a header, matched case-insensitively, or null if it was not sent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The {@code Foreman-Job-Id} header: which job this delivery was for. */
    public String jobId() {
        return header("foreman-job-id");
    }
}
