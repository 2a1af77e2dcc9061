/**
 * What every service's metrics share: bounded label values for names that callers choose (queue
 * names), so that no metric grows a series per tenant's whim. The catalogue of every metric is
 * {@code docs/metrics.md}; {@code MetricsCatalogueE2EIT} keeps it equal to what the services expose.
 */
package dev.foreman.common.metrics;
