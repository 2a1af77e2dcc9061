package dev.foreman.scheduler.gauges;

import dev.foreman.common.job.JobState;
import dev.foreman.common.metrics.QueueLabels;
import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.QueueAge;
import dev.foreman.common.stats.QueueStateCount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code foreman_queue_jobs{queue,state}} and {@code foreman_queue_oldest_queued_age_seconds{queue}}
 * over every tenant, from the maintained job counts (never a count over {@code jobs}) and the
 * oldest {@link #AGE_SAMPLE} queued jobs. The {@link QueueLabels#LIMIT} deepest queues are labelled
 * by name, the rest together as {@link QueueLabels#OTHER}; a labelled queue has a series for every
 * state, zeros included, so that a rule comparing them never sees a gap.
 */
@Component
class QueueDepthGauges implements SampledGauges {
    /** The most queued jobs read, oldest first, to find each queue's oldest. */
    static final int AGE_SAMPLE = 10_000;

    /** The states of a queue's depth, as {@code GET /v1/queues} counts them. */
    static final List<JobState> DEPTH_STATES =
            List.of(JobState.SCHEDULED, JobState.QUEUED, JobState.RUNNING, JobState.RETRYING, JobState.DEAD);

    private final JobStatsRepository stats;
    private final Clock clock;
    private final MultiGauge depth;
    private final MultiGauge oldestAge;
    private final int limit;

    @Autowired
    QueueDepthGauges(JobStatsRepository stats, Clock clock, MeterRegistry meters) {
        this(stats, clock, meters, QueueLabels.LIMIT);
    }

    /** With {@code limit} queues labelled by name (tests, whose shared database holds other tests' queues). */
    QueueDepthGauges(JobStatsRepository stats, Clock clock, MeterRegistry meters, int limit) {
        this.stats = stats;
        this.clock = clock;
        this.limit = limit;
        this.depth = MultiGauge.builder("foreman.queue.jobs")
                .description("Jobs per queue and state over every tenant (scheduled, queued, running, retrying,"
                        + " dead), sampled by the scheduler leader")
                .register(meters);
        this.oldestAge = MultiGauge.builder("foreman.queue.oldest.queued.age")
                .description("How long the oldest queued job of each queue has waited, sampled by the scheduler"
                        + " leader; 0 when none is queued")
                .baseUnit("seconds")
                .register(meters);
    }

    @Override
    public void sample() {
        List<QueueStateCount> counts = stats.countDepthByQueueAndState();
        List<QueueAge> ages = stats.oldestQueuedByQueue(AGE_SAMPLE);
        Set<String> named = deepest(counts, limit);
        Map<String, Map<String, Long>> depthByLabel = depthByLabel(counts, named);

        List<MultiGauge.Row<?>> depthRows = new ArrayList<>();
        depthByLabel.forEach((queue, byState) -> byState.forEach(
                (state, n) -> depthRows.add(MultiGauge.Row.of(Tags.of("queue", queue, "state", state), n))));
        depth.register(depthRows, true);
        oldestAge.register(
                ageByLabel(depthByLabel, ages, named, clock.instant()).entrySet().stream()
                        .map(age -> MultiGauge.Row.of(Tags.of("queue", age.getKey()), age.getValue()))
                        .collect(Collectors.toList()),
                true);
    }

    /**
     * The counts per label: each named queue with every depth state (zeros included), and
     * {@link QueueLabels#OTHER} with the sums of the rest when there are any.
     */
    static Map<String, Map<String, Long>> depthByLabel(List<QueueStateCount> counts, Set<String> named) {
        Map<String, Map<String, Long>> byLabel = new LinkedHashMap<>();
        named.forEach(queue -> byLabel.put(queue, zeros()));
        for (QueueStateCount count : counts) {
            String label = named.contains(count.queue()) ? count.queue() : QueueLabels.OTHER;
            byLabel.computeIfAbsent(label, l -> zeros()).merge(count.state(), count.count(), Long::sum);
        }
        return byLabel;
    }

    /**
     * Seconds the oldest queued job of each label has waited at {@code now}: 0 for a label with
     * nothing queued, the oldest of its queues for {@link QueueLabels#OTHER}. A label with queued
     * jobs none of which is among the sampled oldest is left out rather than reported wrong.
     */
    static Map<String, Double> ageByLabel(
            Map<String, Map<String, Long>> depthByLabel, List<QueueAge> ages, Set<String> named, Instant now) {
        Map<String, Double> ageByLabel = new LinkedHashMap<>();
        depthByLabel.forEach((queue, byState) -> {
            if (byState.get(JobState.QUEUED.wireName()) <= 0) {
                ageByLabel.put(queue, 0.0);
            }
        });
        for (QueueAge age : ages) {
            String label = named.contains(age.queue()) ? age.queue() : QueueLabels.OTHER;
            double seconds =
                    Math.max(0, Duration.between(age.oldestQueuedAt(), now).toMillis() / 1000.0);
            ageByLabel.merge(label, seconds, Math::max);
        }
        return ageByLabel;
    }

    @Override
    public void clear() {
        depth.register(List.of(), true);
        oldestAge.register(List.of(), true);
    }

    /** The {@code limit} queue names with the most jobs in the depth states. */
    static Set<String> deepest(List<QueueStateCount> counts, int limit) {
        Map<String, Long> total = new HashMap<>();
        counts.forEach(count -> total.merge(count.queue(), count.count(), Long::sum));
        return total.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> zeros = new LinkedHashMap<>();
        DEPTH_STATES.forEach(state -> zeros.put(state.wireName(), 0L));
        return zeros;
    }
}
