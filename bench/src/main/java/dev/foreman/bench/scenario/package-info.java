/**
 * The benchmark scenarios of issue #5 (submit, batch, drain, end to end, delayed), of issue #16
 * (events) and of issue #15 (ratelimit, backlog), each driving the stack through the load
 * generator and reading the results at the target.
 */
package dev.foreman.bench.scenario;
