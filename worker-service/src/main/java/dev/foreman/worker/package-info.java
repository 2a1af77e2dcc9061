/**
 * The worker service: it consumes dispatch records from the three priority topics, claims the
 * jobs they name in Postgres, delivers each as an HTTP request to its target and records the
 * outcome. Intake ({@code consume}), claiming ({@code claim}), bounded execution ({@code attempt}),
 * the HTTP call ({@code dispatch}) and the outcome rules ({@code finish}) are separate features.
 */
package dev.foreman.worker;
