package dev.foreman.api.problem;

/**
 * One field at fault in a request.
 *
 * @param field where the field is: a JSON path into the body ({@code jobs[3].target.url}), a query
 *     parameter or a header name
 * @param message what is wrong and what is accepted
 */
public record InvalidField(String field, String message) {}
