package dev.foreman.common.job;

/** What the target answered on the last attempt: status, the first 4 KiB of the body, duration. */
public record JobResult(Integer status, String body, Integer durationMs) {}
