package dev.foreman.bench.warmup;

import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.prometheus.PrometheusText;
import dev.foreman.bench.resources.ProcessGroup;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How much time each JVM's JIT compilers have spent so far, in milliseconds: the started services'
 * {@code jvm_compilation_time_ms_total} (Micrometer's {@code JvmCompilationMetrics}, which every
 * Foreman service exposes), and the bench's own compilation time, since the load generator, the
 * no-op target and the Kafka broker share the cores with the stack. The time is summed over the
 * compiler threads, so a JVM compiling on one thread all the time grows it by a second per second.
 */
public final class CompileTime implements Supplier<Map<String, Double>> {
    static final String METRIC = "jvm_compilation_time_ms_total";
    static final String BENCH = "bench";

    private final List<ProcessGroup> services;
    private final PrometheusEndpoint endpoint;
    private final Supplier<Double> benchMillis;

    CompileTime(List<ProcessGroup> services, PrometheusEndpoint endpoint, Supplier<Double> benchMillis) {
        this.services = services;
        this.endpoint = endpoint;
        this.benchMillis = benchMillis;
    }

    /** The monitored services that have an actuator, and this JVM. */
    public static CompileTime of(List<ProcessGroup> monitored, PrometheusEndpoint endpoint) {
        List<ProcessGroup> services =
                monitored.stream().filter(group -> group.actuator() != null).toList();
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        Supplier<Double> benchMillis = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? () -> (double) compiler.getTotalCompilationTime()
                : () -> null;
        return new CompileTime(services, endpoint, benchMillis);
    }

    /**
     * Compile milliseconds per JVM, by name. A service that is not running or cannot be read is
     * left out of this reading; a warm-up must never fail because a metric could not be read.
     */
    @Override
    public Map<String, Double> get() {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (ProcessGroup service : services) {
            if (service.pids().get().isEmpty()) {
                continue;
            }
            try {
                List<PrometheusText.Sample> samples =
                        PrometheusText.samples(endpoint.read(service.actuator()), METRIC::equals);
                if (!samples.isEmpty()) {
                    millis.put(
                            service.name(),
                            samples.stream()
                                    .mapToDouble(PrometheusText.Sample::value)
                                    .sum());
                }
            } catch (IOException e) {
                // Left out of this reading.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return millis;
            }
        }
        Double bench = benchMillis.get();
        if (bench != null) {
            millis.put(BENCH, bench);
        }
        return millis;
    }
}
