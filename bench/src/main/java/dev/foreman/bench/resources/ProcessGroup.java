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
 * @param actuator the base URL of its Spring Boot actuator for heap figures, or null; a group with
 *     one is a JVM service, whose JIT compiler threads are measured too
 * @param stack whether it belongs to the stack under test (a service, Postgres, Redis), whose CPU
 *     the scenario's total sums; false for the bench's own JVM, which generates the load
 */
public record ProcessGroup(String name, Supplier<List<Long>> pids, URI actuator, boolean stack) {

    /** A process of the stack under test. */
    public ProcessGroup(String name, Supplier<List<Long>> pids, URI actuator) {
        this(name, pids, actuator, true);
    }

    /** The bench's own JVM, which counts in no total. */
    public static ProcessGroup benchJvm(String name) {
        return new ProcessGroup(name, () -> List.of(ProcessHandle.current().pid()), null, false);
    }
}
