/**
 * Limits on what one request, one key and one tenant may cost the API: the body size, enforced
 * whether the client declares a Content-Length or streams a chunked body, before any of it is
 * parsed; the requests in progress; the per-key rate limit and the per-tenant quotas (active jobs,
 * schedules), kept in Redis and Postgres and failing open when Redis is down.
 */
package dev.foreman.api.limits;
