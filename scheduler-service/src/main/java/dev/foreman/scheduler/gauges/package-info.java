/**
 * The system-wide gauges only the leader publishes, sampled every
 * {@code foreman.scheduler.gauge-interval} from cheap reads (the maintained job counts, a bounded
 * look at the oldest queued jobs and the outbox, Kafka's offsets, the worker heartbeats) instead of
 * per request: queue depth and oldest queued age by queue, outbox backlog and age, the workers'
 * consumer lag per topic, live workers. A standby publishes none, so a sum over instances is the
 * system's value.
 */
package dev.foreman.scheduler.gauges;
