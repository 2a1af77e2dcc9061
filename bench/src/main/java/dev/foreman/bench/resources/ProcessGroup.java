package dev.foreman.bench.resources;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * Something whose memory and CPU the bench reports: one service process, or a group such as a
 * Postgres server and its backends.
 *
 * @param name the name in the report, e.g. {@code api-service}
 * @param pids the processes that make it up right now; asked again on every sample because a
 *     process may be restarted (the worker in the drain scenario) and Postgres backends come and go
 * @param actuator the base URL of its Spring Boot actuator for heap figures, or null
 */
public record ProcessGroup(String name, Supplier<List<Long>> pids, URI actuator) {}
