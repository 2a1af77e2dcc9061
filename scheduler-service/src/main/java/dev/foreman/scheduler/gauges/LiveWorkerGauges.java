package dev.foreman.scheduler.gauges;

import dev.foreman.common.stats.WorkerHeartbeatRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code foreman_workers_live}: worker instances whose heartbeat is at most {@link #LIVENESS} old
 * (the same rule as {@code /v1/stats}). It sees workers that Prometheus no longer discovers, so a
 * drop tells of a lost worker even where a dead pod's target simply disappears.
 */
@Component
class LiveWorkerGauges implements SampledGauges {
    /** A worker whose last heartbeat is older no longer counts (the api's default worker-liveness). */
    static final Duration LIVENESS = Duration.ofSeconds(15);

    private final WorkerHeartbeatRepository heartbeats;
    private final Clock clock;
    private final MultiGauge live;

    LiveWorkerGauges(WorkerHeartbeatRepository heartbeats, Clock clock, MeterRegistry meters) {
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.live = MultiGauge.builder("foreman.workers.live")
                .description("Worker instances with a heartbeat in the last 15 s, sampled by the scheduler leader")
                .register(meters);
    }

    @Override
    public void sample() {
        int count = heartbeats.countSeenSince(clock.instant().minus(LIVENESS));
        live.register(List.of(MultiGauge.Row.of(Tags.empty(), count)), true);
    }

    @Override
    public void clear() {
        live.register(List.of(), true);
    }
}
