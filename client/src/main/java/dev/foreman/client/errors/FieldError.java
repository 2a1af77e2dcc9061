package dev.foreman.client.errors;

/** One refused field of a request: {@code field} is its JSON path, such as {@code target.url}. */
public record FieldError(String field, String message) {}
