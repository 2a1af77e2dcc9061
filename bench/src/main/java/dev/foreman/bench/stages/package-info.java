/**
 * Where the open loop's latency goes, stage by stage: the services' own Micrometer histograms
 * (relay lag, relay steps, claim lateness, ...) scraped from {@code /actuator/prometheus} before and
 * after a measuring window, differenced bucket by bucket, and summarised as bucket upper bounds.
 */
package dev.foreman.bench.stages;
