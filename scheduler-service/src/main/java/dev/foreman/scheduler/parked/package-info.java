/**
 * Wakes queued jobs that flow control parked, once their time has come: a start a rate bucket
 * reserved for them, or the safety recheck of a job parked behind a concurrency limit.
 */
package dev.foreman.scheduler.parked;
