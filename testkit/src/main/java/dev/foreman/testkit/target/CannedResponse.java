package dev.foreman.testkit.target;

import java.util.Map;

/** What the stub answers to one request. */
record CannedResponse(int status, Map<String, String> headers, String body) {
    static final CannedResponse OK = new CannedResponse(200, Map.of(), "{\"ok\":true}");

    CannedResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599, was " + status);
        }
        headers = Map.copyOf(headers);
    }

    /** A response with a small JSON body saying whether it is a success. */
    static CannedResponse of(int status, Map<String, String> headers) {
        boolean success = status >= 200 && status < 300;
        return new CannedResponse(
                status, headers, success ? "{\"ok\":true}" : "{\"ok\":false,\"status\":" + status + "}");
    }
}
