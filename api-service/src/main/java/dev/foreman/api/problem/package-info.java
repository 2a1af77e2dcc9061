/**
 * Errors as values: every failure the API reports is an RFC 9457 {@code application/problem+json}
 * body with a stable {@link dev.foreman.api.problem.ProblemCode}, a detail that says what to do
 * next and, for invalid input, the fields at fault. Stack traces never reach a client.
 */
package dev.foreman.api.problem;
