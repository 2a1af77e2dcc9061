package dev.foreman.api.queues;

import dev.foreman.common.job.JobState;
import dev.foreman.common.queue.QueueDepth;
import dev.foreman.common.queue.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A queue as the API shows it: its settings and its depth by state (parked jobs count as queued). */
record QueueDocument(
        String name,
        boolean paused,
        Integer maxConcurrency,
        RateLimit rateLimit,
        Map<String, Long> counts,
        Long oldestQueuedAgeMs) {

    private static final List<JobState> COUNTED =
            List.of(JobState.SCHEDULED, JobState.QUEUED, JobState.RUNNING, JobState.RETRYING, JobState.DEAD);

    /** {@code per_second} starts a second, at most {@code burst} at once. */
    record RateLimit(double perSecond, int burst) {}

    static QueueDocument of(QueueSettings settings, QueueDepth depth, Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobState state : COUNTED) {
            counts.put(state.wireName(), depth == null ? 0L : depth.counts().getOrDefault(state, 0L));
        }
        Instant oldest = depth == null ? null : depth.oldestQueuedAt();
        Long age = oldest == null
                ? null
                : Math.max(0, Duration.between(oldest, now).toMillis());
        RateLimit rate = settings.ratePerSecond() == null
                ? null
                : new RateLimit(settings.ratePerSecond(), settings.rateBurst() == null ? 1 : settings.rateBurst());
        return new QueueDocument(settings.name(), settings.paused(), settings.maxConcurrency(), rate, counts, age);
    }

    /** {@code GET /v1/queues}: by name. */
    record QueueList(List<QueueDocument> items) {}

    /** {@code POST /v1/queues/{name}/purge}: how many jobs the purge cancelled. */
    record Purged(long cancelled) {}
}
