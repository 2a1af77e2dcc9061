/**
 * How the api-service reports its health: Redis is coordination, not the truth, so its loss shows as
 * {@code DEGRADED} (HTTP 200) rather than taking the aggregate health DOWN while submits still work.
 */
package dev.foreman.api.health;
