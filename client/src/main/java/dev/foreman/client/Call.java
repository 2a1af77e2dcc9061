package dev.foreman.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** One API request: method, path with query, JSON body (or none), extra headers, how safe to repeat. */
record Call(String method, String path, String body, Map<String, String> headers, Repeat repeat) {

    /** When a failed call may be sent again. */
    enum Repeat {
        /** Reads and idempotent submits: after network errors, 429 and every 503. */
        ALWAYS,
        /** Other writes: only when the API refused the request before reading it. */
        WHEN_REFUSED
    }

    static Call get(String path) {
        return new Call("GET", path, null, Map.of(), Repeat.ALWAYS);
    }

    static Call write(String method, String path, String body) {
        return new Call(method, path, body, Map.of(), Repeat.WHEN_REFUSED);
    }

    static Call submit(String path, String body, String idempotencyKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return new Call("POST", path, body, headers, Repeat.ALWAYS);
    }
}
