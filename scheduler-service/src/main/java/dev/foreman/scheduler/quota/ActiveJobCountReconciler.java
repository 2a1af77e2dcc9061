package dev.foreman.scheduler.quota;

import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.tenant.ActiveJobCounters;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.leader.LeaderTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * While this instance leads, every {@link SchedulerProperties#quotaReconcileInterval()} sets each
 * tenant's active-jobs counter ({@link ActiveJobCounters}) to its count of non-terminal jobs in
 * Postgres, and a counter of a tenant without any to 0. The counts come from the job-count summary
 * the {@code jobs} triggers keep ({@link JobStatsRepository#countActiveByTenant}), not from the jobs
 * table, so a round costs the same with ten million jobs as with ten. The api-service only adds to
 * the counters (at submit); this is how jobs that ended, whether in a worker, by a cancel or by the
 * reaper, leave them, with no Redis call on any of those paths. Submits that land between the count
 * and the write are missed until the next round: the counter may run a little low for one interval,
 * never for long.
 */
@Component
class ActiveJobCountReconciler implements LeaderTask {
    private static final Logger log = LoggerFactory.getLogger(ActiveJobCountReconciler.class);

    private final JobStatsRepository stats;
    private final StringRedisTemplate redis;
    private final SchedulerProperties properties;

    ActiveJobCountReconciler(JobStatsRepository stats, StringRedisTemplate redis, SchedulerProperties properties) {
        this.stats = stats;
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "active-job-counts";
    }

    @Override
    public Duration interval() {
        return properties.quotaReconcileInterval();
    }

    @Override
    public int runRound() {
        return reconcile();
    }

    /** Sets every counter from Postgres; returns how many counters it wrote. */
    int reconcile() {
        Map<UUID, Long> active = stats.countActiveByTenant();
        Map<String, String> counters = new HashMap<>();
        active.forEach((tenant, count) -> counters.put(ActiveJobCounters.key(tenant), String.valueOf(count)));
        try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions()
                .match(ActiveJobCounters.PREFIX + "*")
                .count(1000)
                .build())) {
            keys.forEachRemaining(key -> counters.putIfAbsent(key, "0"));
        }
        if (!counters.isEmpty()) {
            redis.opsForValue().multiSet(counters);
        }
        log.debug("Set {} active-job counters from Postgres", counters.size());
        return counters.size();
    }
}
