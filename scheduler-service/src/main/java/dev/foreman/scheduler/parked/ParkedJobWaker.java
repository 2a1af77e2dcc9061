package dev.foreman.scheduler.parked;

import dev.foreman.common.queue.ParkedJobRepository;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderBatches;
import dev.foreman.scheduler.leader.LeaderTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#promoteInterval()} wakes the parked
 * jobs whose {@code parked_until} comes within the promote lookahead, with their outbox rows. A
 * job with a reserved rate slot then waits at its worker until its run_at, like a promoted one.
 */
@Component
class ParkedJobWaker implements LeaderTask {
    private final LeaderBatches batches;
    private final ParkedJobRepository parked;
    private final SchedulerProperties properties;
    private final Counter woken;

    ParkedJobWaker(
            LeaderBatches batches, ParkedJobRepository parked, SchedulerProperties properties, MeterRegistry meters) {
        this.batches = batches;
        this.parked = parked;
        this.properties = properties;
        this.woken = Counter.builder("foreman.queue.woken")
                .description("Parked jobs woken to be published again")
                .tag("by", "scheduler")
                .register(meters);
    }

    /** Wakes every parked job due now or within the lookahead, a batch per transaction. */
    int wakeDue() {
        return batches.drain(
                properties.promoteBatchSize(),
                (now, limit) -> parked.wakeDue(now.plus(properties.promoteLookahead()), now, limit),
                due -> woken.increment(due.size()));
    }

    @Override
    public String name() {
        return "parked-waker";
    }

    @Override
    public Duration interval() {
        return properties.promoteInterval();
    }

    @Override
    public int runRound() {
        return wakeDue();
    }
}
