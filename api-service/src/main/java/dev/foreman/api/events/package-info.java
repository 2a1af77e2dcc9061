/**
 * {@code GET /v1/events} (DESIGN §3.3): job state changes as Server-Sent Events. The {@code jobs}
 * triggers record every change in Postgres ({@code job_events}); {@link EventRelay} moves them in
 * ordered batches to one Redis Stream per tenant; {@link EventFanOut} reads the streams of the
 * tenants that have listeners and hands each event to their {@link EventSubscription}s, whose
 * writers send them with periodic stats and heartbeats. Events are best effort: Postgres stays the
 * truth, and a client that missed events gets {@code event: reset} and refetches.
 */
package dev.foreman.api.events;
