/**
 * What a chaos run concludes: the end checks (no acknowledged job lost, stuck or failed, no two
 * attempts of a job open at the target at once, every cron tick fired once) and the figures of each
 * fault (how long until submits and deliveries recovered, when leases were reaped).
 */
package dev.foreman.chaos.verdict;
