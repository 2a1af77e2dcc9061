package dev.foreman.common.stats;

/** How many jobs of one queue name, over every tenant, are in {@code state}. */
public record QueueStateCount(String queue, String state, long count) {}
