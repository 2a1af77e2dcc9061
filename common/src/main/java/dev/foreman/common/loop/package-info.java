/**
 * Background threads, written once: {@link dev.foreman.common.loop.BackgroundLoop} (a named thread
 * that runs rounds, sleeps until woken, backs off after a failure and stops within a bound),
 * {@link dev.foreman.common.loop.GroupWriter} (callers hand in items, writer threads write what
 * queued up in one go) and {@link dev.foreman.common.loop.ShutdownOrder} (the one place a service
 * says in which order its background work starts and stops).
 */
package dev.foreman.common.loop;
