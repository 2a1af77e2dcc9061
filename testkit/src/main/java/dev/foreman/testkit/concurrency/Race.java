package dev.foreman.testkit.concurrency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs contenders at the same moment, each on a thread of its own, released together by a latch so
 * that they really contend (two claimers, two reapers, sixteen duplicate submissions).
 */
public final class Race {
    private Race() {}

    /**
     * Runs every contender at once and returns what each returned, in their order.
     *
     * @throws ExecutionException when a contender threw, with what it threw as the cause
     */
    public static <T> List<T> run(List<? extends Callable<T>> contenders)
            throws InterruptedException, ExecutionException {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(contenders.size())) {
            List<Future<T>> results = new ArrayList<>();
            for (Callable<T> contender : contenders) {
                results.add(threads.submit(() -> {
                    start.await();
                    return contender.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> result : results) {
                answers.add(result.get());
            }
            return answers;
        }
    }

    /** Runs {@code contender} on {@code count} threads at once and returns what each run returned. */
    public static <T> List<T> run(int count, Callable<T> contender) throws InterruptedException, ExecutionException {
        return run(Collections.nCopies(count, contender));
    }
}
