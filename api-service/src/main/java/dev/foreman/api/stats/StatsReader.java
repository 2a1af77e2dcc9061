package dev.foreman.api.stats;

import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.MinuteCount;
import dev.foreman.common.stats.OutboxBacklog;
import dev.foreman.common.stats.StateCount;
import dev.foreman.common.stats.WorkerHeartbeatRepository;
import dev.foreman.common.wire.WireNamed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Builds a tenant's {@link StatsDocument} from the maintained summaries: five small queries and
 * one Redis read, never a count over {@code jobs}. A document is reused for up to {@code maxAge}
 * per tenant, so a dashboard per person, or 200 event streams each sending stats every 5 s, cost
 * the database one read a second per tenant.
 */
public class StatsReader {
    private static final Logger log = LoggerFactory.getLogger(StatsReader.class);

    /** The minutes of throughput the document carries. */
    static final int THROUGHPUT_MINUTES = 15;
    /** Outbox rows are counted up to this many. */
    static final int OUTBOX_COUNT_CAP = 10_000;
    /** The Redis key of the scheduler's leader lock, whose value is the leader's instance id. */
    static final String LEADER_KEY = "foreman:scheduler:leader";

    private final JobStatsRepository stats;
    private final WorkerHeartbeatRepository workers;
    private final StringRedisTemplate redis;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration workerLiveness;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    public StatsReader(
            JobStatsRepository stats,
            WorkerHeartbeatRepository workers,
            StringRedisTemplate redis,
            Clock clock,
            Duration maxAge,
            Duration workerLiveness) {
        this.stats = stats;
        this.workers = workers;
        this.redis = redis;
        this.clock = clock;
        this.maxAge = maxAge;
        this.workerLiveness = workerLiveness;
    }

    /** The tenant's stats, at most {@code maxAge} old. */
    public StatsDocument read(UUID tenantId) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenantId);
        if (cached != null && !cached.at.plus(maxAge).isBefore(now)) {
            return cached.document;
        }
        StatsDocument document = readNow(tenantId, now);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(tenantId, new Cached(now, document));
        return document;
    }

    private StatsDocument readNow(UUID tenantId, Instant now) {
        List<StateCount> counts = stats.countByQueueStatePriority(tenantId);
        Map<String, Long> byState = zeros(JobState.values());
        Map<String, Long> byPriority = zeros(Priority.values());
        Map<String, Long> perQueue = new LinkedHashMap<>();
        for (StateCount count : counts) {
            byState.merge(count.state(), count.count(), Long::sum);
            if (!JobState.fromWireName(count.state()).isTerminal()) {
                byPriority.merge(count.priority(), count.count(), Long::sum);
            }
            perQueue.merge(count.queue(), count.count(), Long::sum);
        }
        int queues = (int) perQueue.values().stream().filter(n -> n > 0).count();
        OutboxBacklog backlog = stats.outboxBacklog(tenantId, OUTBOX_COUNT_CAP);
        long oldestAgeMs = backlog.oldestCreatedAt() == null
                ? 0
                : Math.max(0, Duration.between(backlog.oldestCreatedAt(), now).toMillis());
        return new StatsDocument(
                new StatsDocument.Jobs(byState, byPriority),
                queues,
                throughput(tenantId),
                new StatsDocument.Outbox(backlog.pending(), oldestAgeMs),
                new StatsDocument.Workers(workers.countSeenSince(now.minus(workerLiveness))),
                new StatsDocument.Scheduler(leader()));
    }

    private StatsDocument.Throughput throughput(UUID tenantId) {
        Instant current = stats.currentMinute();
        long[] succeeded = new long[THROUGHPUT_MINUTES];
        long[] dead = new long[THROUGHPUT_MINUTES];
        for (MinuteCount minute : stats.finishedPerMinute(tenantId, THROUGHPUT_MINUTES)) {
            long minutesAgo = Duration.between(minute.minute(), current).toMinutes();
            int slot = THROUGHPUT_MINUTES - 1 - (int) minutesAgo;
            if (slot < 0 || slot >= THROUGHPUT_MINUTES) {
                continue;
            }
            (minute.state().equals("succeeded") ? succeeded : dead)[slot] += minute.count();
        }
        return new StatsDocument.Throughput(list(succeeded), list(dead));
    }

    /** The leader lock's holder; Redis unreachable reads as no leader, never as a failed request. */
    private String leader() {
        try {
            return redis.opsForValue().get(LEADER_KEY);
        } catch (RuntimeException e) {
            log.debug("Could not read the scheduler's leader lock from Redis", e);
            return null;
        }
    }

    private static List<Long> list(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static Map<String, Long> zeros(WireNamed[] values) {
        Map<String, Long> zeros = new LinkedHashMap<>();
        for (WireNamed value : values) {
            zeros.put(value.wireName(), 0L);
        }
        return zeros;
    }

    private record Cached(Instant at, StatsDocument document) {}
}
