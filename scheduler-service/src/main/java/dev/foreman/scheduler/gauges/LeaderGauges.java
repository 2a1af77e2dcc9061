package dev.foreman.scheduler.gauges;

import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderTask;
import dev.foreman.scheduler.leader.Leadership;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Samples every {@link SampledGauges} each {@link SchedulerProperties#gaugeInterval()} while this
 * instance leads, and withdraws them all while it does not. One that fails is withdrawn (a stale
 * depth would mislead more than a gap) and the others still sample.
 */
@Component
class LeaderGauges implements LeaderTask {
    private static final Logger log = LoggerFactory.getLogger(LeaderGauges.class);

    private final Leadership leadership;
    private final List<SampledGauges> gauges;
    private final Duration interval;

    LeaderGauges(Leadership leadership, List<SampledGauges> gauges, SchedulerProperties properties) {
        this.leadership = leadership;
        this.gauges = gauges;
        this.interval = properties.gaugeInterval();
    }

    @Override
    public String name() {
        return "leader-gauges";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** Samples every gauge, or withdraws every one when this instance does not lead. */
    @Override
    public int runRound() {
        if (!leadership.isLeader()) {
            gauges.forEach(SampledGauges::clear);
            return 0;
        }
        int sampled = 0;
        for (SampledGauges gauge : gauges) {
            try {
                gauge.sample();
                sampled++;
            } catch (RuntimeException e) {
                gauge.clear();
                log.warn(
                        "Sampling {} failed; its series are withdrawn until it succeeds: {}",
                        gauge.getClass().getSimpleName(),
                        e.toString());
            }
        }
        return sampled;
    }
}
