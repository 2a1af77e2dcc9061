/**
 * Job callbacks: a terminal job with a {@code callback_url} is reported to it, signed, retried with
 * back-off, every delivery recorded. Rows are created by a database trigger on the terminal
 * transition, so no code path can forget one.
 */
package dev.foreman.common.callback;
