/**
 * Running claimed attempts: each on its own virtual thread (dispatch, then finish), never more at
 * once than the worker's in-flight bound. The bound is what intake reads to decide how much to
 * take from Kafka, so a slow target slows intake instead of filling memory.
 */
package dev.foreman.worker.attempt;
