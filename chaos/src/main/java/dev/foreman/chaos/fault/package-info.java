/**
 * The faults a chaos run injects, one every interval, in an order a seed fixes: services killed with
 * SIGKILL or SIGTERM and started again, Kafka, Postgres and Redis restarted, a worker paused with
 * SIGSTOP past its lease (and the scheduler leader killed meanwhile), and when each was back.
 */
package dev.foreman.chaos.fault;
