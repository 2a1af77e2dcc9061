package dev.foreman.bench.resources;

import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.prometheus.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a service's heap in use from its Prometheus endpoint, which every Foreman service exposes;
 * {@code /actuator/metrics} is not exposed by default, so the bench does not rely on it.
 */
public final class HeapProbe {
    private static final String HEAP_USED = "jvm_memory_used_bytes";

    private final PrometheusEndpoint endpoint;

    public HeapProbe(PrometheusEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Bytes of heap in use, summed over the pools; empty when the endpoint cannot be read. */
    public OptionalLong heapUsedBytes(URI actuatorBase) {
        try {
            return heapUsedBytes(endpoint.read(actuatorBase));
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
        List<PrometheusText.Sample> heap = PrometheusText.samples(exposition, HEAP_USED::equals).stream()
                .filter(sample -> "heap".equals(sample.labels().get("area")))
                .toList();
        return heap.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(Math.round(
                        heap.stream().mapToDouble(PrometheusText.Sample::value).sum()));
    }
}
