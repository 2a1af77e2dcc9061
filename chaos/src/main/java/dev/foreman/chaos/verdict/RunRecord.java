package dev.foreman.chaos.verdict;

import dev.foreman.bench.resources.ResourceUsage;
import dev.foreman.chaos.fault.Fault;
import dev.foreman.chaos.load.Submissions;
import dev.foreman.chaos.target.ChaosTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a finished run hands to the verdict.
 *
 * @param settings one line each: what ran, how (for the report's head)
 * @param loadStartNanos {@link System#nanoTime()} when the clients started
 * @param loadEndNanos when they were told to stop
 * @param loadStartInstant the wall clock at {@code loadStartNanos}, to match times Postgres wrote
 * @param drainSeconds how long the jobs took to finish after the load, up to the drain limit
 * @param schedules the cron schedules' ids, with when they were created and paused
 * @param resources CPU and memory of each group of processes over the load
 */
public record RunRecord(
        List<String> settings,
        long loadStartNanos,
        long loadEndNanos,
        Instant loadStartInstant,
        double drainSeconds,
        Submissions submissions,
        ChaosTarget target,
        List<Fault> faults,
        List<UUID> schedules,
        Instant schedulesCreatedAt,
        Instant schedulesPausedAt,
        Map<String, ResourceUsage> resources) {}
