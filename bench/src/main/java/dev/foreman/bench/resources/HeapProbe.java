package dev.foreman.bench.resources;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Reads a service's heap in use from its Prometheus endpoint, which every Foreman service exposes;
 * {@code /actuator/metrics} is not exposed by default, so the bench does not rely on it.
 */
public final class HeapProbe {
    private static final String HEAP_USED = "jvm_memory_used_bytes{";
    private static final String HEAP_AREA = "area=\"heap\"";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;

    public HeapProbe(HttpClient http) {
        this.http = http;
    }

    /** Bytes of heap in use, summed over the pools; empty when the endpoint cannot be read. */
    public OptionalLong heapUsedBytes(URI actuatorBase) {
        HttpRequest request = HttpRequest.newBuilder(actuatorBase.resolve("/actuator/prometheus"))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? heapUsedBytes(response.body()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /**
     * Sums {@code jvm_memory_used_bytes} over the series labelled {@code area="heap"} (one per
     * pool: eden, survivor, old) in a Prometheus text exposition.
     */
    static OptionalLong heapUsedBytes(String exposition) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(HEAP_USED) && line.contains(HEAP_AREA)) {
                String value = line.substring(line.lastIndexOf('}') + 1).trim();
                int timestamp = value.indexOf(' ');
                sum += Double.parseDouble(timestamp < 0 ? value : value.substring(0, timestamp));
                found = true;
            }
        }
        return found ? OptionalLong.of(Math.round(sum)) : OptionalLong.empty();
    }
}
