package dev.foreman.common.stats;

import java.time.Instant;

/** How many jobs reached {@code state} ({@code succeeded} or {@code dead}) in the minute starting at {@code minute}. */
public record MinuteCount(Instant minute, String state, long count) {}
