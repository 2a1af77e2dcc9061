package dev.foreman.bench.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.resources.ProcessGroup;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompileTimeTest {
    private static final URI API = URI.create("http://127.0.0.1:41001");
    private static final URI WORKER = URI.create("http://127.0.0.1:41002");
    private static final URI SCHEDULER = URI.create("http://127.0.0.1:41003");

    private static final String API_EXPOSITION = """
            # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
            # TYPE jvm_compilation_time_ms_total counter
            jvm_compilation_time_ms_total{application="foreman-api",compiler="HotSpot 64-Bit Tiered Compilers"} 51234.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
            """;

    private final PrometheusEndpoint endpoint = actuator -> {
        if (actuator.equals(API)) {
            return API_EXPOSITION;
        }
        throw new IOException("Connection refused");
    };

    @Test
    void readsEachRunningServicesCompileTimeAndTheBenchsOwn() {
        CompileTime compileTime = new CompileTime(
                List.of(
                        running("api-service", API),
                        running("worker-service", WORKER),
                        new ProcessGroup("scheduler-service", List::of, SCHEDULER)),
                endpoint,
                () -> 812.0);

        Map<String, Double> millis = compileTime.get();

        assertThat(millis).containsExactly(Map.entry("api-service", 51234.0), Map.entry(CompileTime.BENCH, 812.0));
    }

    @Test
    void leavesOutTheBenchWhenItsJvmCannotTimeItsCompiler() {
        CompileTime compileTime = new CompileTime(List.of(running("api-service", API)), endpoint, () -> null);

        assertThat(compileTime.get()).containsOnlyKeys("api-service");
    }

    @Test
    void watchesOnlyServicesWithAnActuator() {
        CompileTime compileTime = CompileTime.of(
                List.of(new ProcessGroup("postgres", () -> List.of(1L), null), running("api-service", API)), endpoint);

        assertThat(compileTime.get())
                .containsKeys("api-service", CompileTime.BENCH)
                .doesNotContainKey("postgres");
    }

    private static ProcessGroup running(String name, URI actuator) {
        return new ProcessGroup(name, () -> List.of(4242L), actuator);
    }
}
