/**
 * Job state changes on their way to {@code /v1/events}: the rows the {@code jobs} triggers record
 * for every creation and change of state (migration V30), taken in order by the api-service's
 * event relay.
 */
package dev.foreman.common.events;
