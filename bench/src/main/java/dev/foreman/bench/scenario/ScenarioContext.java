package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.stack.Stack;
import dev.foreman.bench.target.NoopTarget;
import dev.foreman.bench.warmup.CompileTime;
import dev.foreman.bench.warmup.JitWarmup;
import dev.foreman.bench.warmup.Ticker;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every scenario works with.
 *
 * @param runId a short id unique to this bench run; queue names carry it so that runs against the
 *     same stack never count each other's jobs
 * @param prometheus reads the metrics of the services the stack monitors
 */
public record ScenarioContext(
        Stack stack,
        ForemanClient api,
        NoopTarget target,
        JsonMapper json,
        Clock clock,
        String runId,
        PrometheusEndpoint prometheus) {

    /**
     * A warm-up of at least {@code settings.warmup()} that goes on until the JIT of the stack's
     * services and of the bench has settled, for at most {@code settings.warmupMax()}.
     */
    JitWarmup warmup(ScenarioSettings settings) {
        return new JitWarmup(
                settings.warmup(), settings.warmupMax(), CompileTime.of(stack.monitored(), prometheus), Ticker.SYSTEM);
    }

    /** The queue of a scenario's jobs, e.g. {@code bench-e2e-1a2b3c}. */
    String queue(String scenario) {
        return "bench-" + scenario + "-" + runId;
    }
}
