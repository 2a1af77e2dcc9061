package dev.foreman.bench.scenario;

import java.time.Duration;

/**
 * How hard and how long the scenarios push.
 *
 * @param jobs jobs of the end-to-end throughput run and of the drain backlog
 * @param delayedJobs jobs of the delayed scenario, due over one minute
 * @param rate jobs per second the open-loop latency run offers
 * @param clients concurrent clients of the single-submit run
 * @param batchClients concurrent clients of every batch submission
 * @param batchSize jobs per {@code POST /v1/jobs/batch}
 * @param warmup the shortest load before the submit, batch and open-loop runs start measuring; zero for none
 * @param warmupMax the longest: a warm-up ends between the two once the JIT has settled (see {@code JitWarmup})
 * @param duration measured length of the submit and batch runs
 * @param latencyDuration length of the open-loop latency run and of the backlog scenario's probes; the
 *     ratelimit scenario submits twice as many jobs as its limit starts in this time
 * @param backlogJobs low-priority jobs of one tenant queued ahead of the backlog scenario's probes
 * @param backlogRate probe jobs per second of each of the backlog scenario's probe streams
 * @param rateLimit the {@code per_second} the ratelimit scenario configures on its queue
 * @param queueLimits whether e2e configures limits on its queues that never bind, for an A/B of their cost
 */
public record ScenarioSettings(
        int jobs,
        int delayedJobs,
        double rate,
        int clients,
        int batchClients,
        int batchSize,
        Duration warmup,
        Duration warmupMax,
        Duration duration,
        Duration latencyDuration,
        int backlogJobs,
        double backlogRate,
        double rateLimit,
        boolean queueLimits) {}
