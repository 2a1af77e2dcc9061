package dev.foreman.api.keys;

/**
 * The body of a key creation.
 *
 * @param name what the key is for, 1 to 200 characters
 * @param role {@code admin}, {@code member} or {@code read_only} ({@code operator} only from an operator)
 * @param expiresAt when the key stops working, RFC 3339; absent for a key that does not expire
 */
public record KeyRequest(String name, String role, String expiresAt) {}
