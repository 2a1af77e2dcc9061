package dev.foreman.testkit.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts servers side by side, so start-up takes as long as the slowest server, not the sum. If
 * one fails, the ones that did start are stopped again, so a failed start leaks no process.
 */
final class ConcurrentStartup {
    // Platform threads: the starts block in process I/O and class loading, and the common pool
    // has a single thread on a two-core machine.
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("foreman-testkit-start-", 0).daemon().factory());
    private final List<Future<? extends AutoCloseable>> starts = new ArrayList<>();

    <T extends AutoCloseable> Future<T> submit(Callable<T> start) {
        Future<T> future = executor.submit(start);
        starts.add(future);
        return future;
    }

    /** Waits for every start; throws if any failed, after stopping the servers that did start. */
    void awaitAll() {
        executor.close();
        List<Throwable> failures = new ArrayList<>();
        for (Future<? extends AutoCloseable> start : starts) {
            if (start.state() == Future.State.FAILED) {
                failures.add(start.exceptionNow());
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        IllegalStateException failure =
                new IllegalStateException("The test infrastructure did not start", failures.getFirst());
        failures.stream().skip(1).forEach(failure::addSuppressed);
        for (Future<? extends AutoCloseable> start : starts) {
            if (start.state() == Future.State.SUCCESS) {
                try {
                    start.resultNow().close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }
}
