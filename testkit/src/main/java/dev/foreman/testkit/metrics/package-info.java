/**
 * The metrics catalogue ({@code docs/metrics.md}) as data, for the tests that keep it true: the
 * e2e check against what the running services expose, and the deployments' checks that every
 * dashboard panel and alert rule queries a catalogued metric.
 */
package dev.foreman.testkit.metrics;
