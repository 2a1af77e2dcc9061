package dev.foreman.scheduler.gauges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.foreman.common.metrics.QueueLabels;
import dev.foreman.common.stats.QueueAge;
import dev.foreman.common.stats.QueueStateCount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueDepthGaugesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static final List<QueueStateCount> COUNTS = List.of(
            new QueueStateCount("emails", "queued", 40),
            new QueueStateCount("emails", "running", 5),
            new QueueStateCount("reports", "queued", 3),
            new QueueStateCount("webhooks", "retrying", 2),
            new QueueStateCount("webhooks", "dead", 1),
            new QueueStateCount("tiny", "queued", 1));

    @Test
    void namesTheDeepestQueuesByTheirJobsInEveryDepthState() {
        assertThat(QueueDepthGauges.deepest(COUNTS, 2)).containsExactly("emails", "reports");
    }

    @Test
    void givesANamedQueueEveryStateAndSumsTheRestUnderOther() {
        Map<String, Map<String, Long>> depth = QueueDepthGauges.depthByLabel(COUNTS, Set.of("emails", "reports"));

        assertThat(depth).containsOnlyKeys("emails", "reports", QueueLabels.OTHER);
        assertThat(depth.get("emails"))
                .containsExactly(
                        entry("scheduled", 0L),
                        entry("queued", 40L),
                        entry("running", 5L),
                        entry("retrying", 0L),
                        entry("dead", 0L));
        assertThat(depth.get(QueueLabels.OTHER))
                .containsEntry("queued", 1L)
                .containsEntry("retrying", 2L)
                .containsEntry("dead", 1L);
    }

    @Test
    void agesAreZeroWithNothingQueuedTheOldestOfOtherAndLeftOutWhenNotSampled() {
        Set<String> named = Set.of("emails", "reports", "webhooks");
        Map<String, Map<String, Long>> depth = QueueDepthGauges.depthByLabel(COUNTS, named);
        // reports has queued jobs, but none among the sampled oldest.
        List<QueueAge> ages =
                List.of(new QueueAge("emails", NOW.minusSeconds(90)), new QueueAge("tiny", NOW.minusMillis(2500)));

        assertThat(QueueDepthGauges.ageByLabel(depth, ages, named, NOW))
                .containsOnly(entry("emails", 90.0), entry("webhooks", 0.0), entry(QueueLabels.OTHER, 2.5));
    }

    @Test
    void aJobQueuedAfterTheSamplesClockIsZeroSecondsOldNotNegative() {
        Map<String, Map<String, Long>> depth = QueueDepthGauges.depthByLabel(COUNTS, Set.of("emails"));

        assertThat(QueueDepthGauges.ageByLabel(
                        depth, List.of(new QueueAge("emails", NOW.plusSeconds(1))), Set.of("emails"), NOW))
                .containsEntry("emails", 0.0);
    }
}
