/**
 * Job callbacks: a job that ends (succeeded, dead or cancelled) with a {@code callback_url} gets a
 * signed POST of the job as JSON. Any worker delivers any due callback: it claims a batch (the
 * claim leases each for one delivery), posts them with bounded concurrency, and records every
 * delivery; a receiver that does not answer 2xx is tried again after a growing back-off until the
 * deliveries run out.
 */
package dev.foreman.worker.callback;
