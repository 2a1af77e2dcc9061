package dev.foreman.scheduler.gauges;

import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.OutboxBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code foreman_outbox_backlog} (rows not yet published to Kafka, counted up to
 * {@link #COUNT_CAP}) and {@code foreman_outbox_oldest_age_seconds} (how long the oldest has
 * waited), over every tenant. A backlog that grows, or an age past a few seconds, means no relay
 * publishes: Kafka is down or slow, or no api-service runs its relay.
 */
@Component
class OutboxGauges implements SampledGauges {
    /** Rows are counted up to this many: an outbox of millions must not be counted every round. */
    static final int COUNT_CAP = 100_000;

    private final JobStatsRepository stats;
    private final Clock clock;
    private final MultiGauge backlog;
    private final MultiGauge oldestAge;

    OutboxGauges(JobStatsRepository stats, Clock clock, MeterRegistry meters) {
        this.stats = stats;
        this.clock = clock;
        // MultiGauges with one row, so that a standby can withdraw them.
        this.backlog = MultiGauge.builder("foreman.outbox.backlog")
                .description("Outbox rows not yet published to Kafka over every tenant, counted up to 100000;"
                        + " sampled by the scheduler leader")
                .register(meters);
        this.oldestAge = MultiGauge.builder("foreman.outbox.oldest.age")
                .description("How long the oldest outbox row has waited for Kafka; 0 when the outbox is empty."
                        + " Sampled by the scheduler leader")
                .baseUnit("seconds")
                .register(meters);
    }

    @Override
    public void sample() {
        OutboxBacklog outbox = stats.outboxBacklogOfAll(COUNT_CAP);
        double ageSeconds = outbox.oldestCreatedAt() == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(outbox.oldestCreatedAt(), clock.instant())
                                        .toMillis()
                                / 1000.0);
        backlog.register(List.of(MultiGauge.Row.of(Tags.empty(), outbox.pending())), true);
        oldestAge.register(List.of(MultiGauge.Row.of(Tags.empty(), ageSeconds)), true);
    }

    @Override
    public void clear() {
        backlog.register(List.of(), true);
        oldestAge.register(List.of(), true);
    }
}
