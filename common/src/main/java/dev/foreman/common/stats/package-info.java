/**
 * The maintained summary behind {@code /v1/stats}: job counts per tenant, queue, state and priority
 * kept by triggers as appended deltas and folded in batches, throughput per minute, and the worker
 * heartbeats that tell how many workers are live. Nothing here counts the jobs table.
 */
package dev.foreman.common.stats;
