package dev.foreman.common.stats;

/** How many of a tenant's jobs of one queue are in {@code state} with {@code priority}. */
public record StateCount(String queue, String state, String priority, long count) {}
