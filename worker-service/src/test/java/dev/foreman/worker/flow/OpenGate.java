package dev.foreman.worker.flow;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.worker.WorkerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** An admission gate that starts every claimed job, for tests of the claim alone. */
public final class OpenGate {
    private OpenGate() {}

    public static AdmissionGate admittingAll(WorkerProperties worker) {
        FlowProperties flow = new FlowProperties(
                0.5, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofMillis(500));
        return new AdmissionGate(null, null, null, Clock.systemUTC(), flow, worker, new SimpleMeterRegistry()) {
            @Override
            public List<ClaimedJob> admit(List<ClaimedJob> claimed, String owner) {
                return claimed;
            }
        };
    }
}
