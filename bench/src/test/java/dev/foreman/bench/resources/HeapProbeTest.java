package dev.foreman.bench.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapProbeTest {

    @Test
    void sumsTheHeapPoolsAndIgnoresNonHeapAndOtherMetrics() {
        String exposition = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{application="foreman-api",area="heap",id="G1 Eden Space"} 1.2E7
                jvm_memory_used_bytes{application="foreman-api",area="heap",id="G1 Old Gen"} 3.0E7
                jvm_memory_used_bytes{application="foreman-api",area="heap",id="G1 Survivor Space"} 1048576.0
                jvm_memory_used_bytes{application="foreman-api",area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_max_bytes{application="foreman-api",area="heap",id="G1 Old Gen"} 5.36870912E8
                """;

        assertThat(HeapProbe.heapUsedBytes(exposition)).hasValue(12_000_000L + 30_000_000L + 1_048_576L);
    }

    @Test
    void acceptsSamplesThatCarryATimestamp() {
        assertThat(HeapProbe.heapUsedBytes("jvm_memory_used_bytes{area=\"heap\",id=\"eden\"} 2048 1700000000000\n"))
                .hasValue(2048);
    }

    @Test
    void answersNothingWhenTheServiceExposesNoHeapMetric() {
        assertThat(HeapProbe.heapUsedBytes("process_uptime_seconds 12.5\n")).isEmpty();
    }
}
