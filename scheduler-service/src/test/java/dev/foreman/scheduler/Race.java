package dev.foreman.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/** Starts contenders on threads of their own at the same instant, to make their statements overlap. */
public final class Race {
    private Race() {}

    /** Runs every contender at once and answers what each returned, in order. */
    public static List<Integer> run(List<IntSupplier> contenders) throws InterruptedException, ExecutionException {
        CyclicBarrier start = new CyclicBarrier(contenders.size());
        try (ExecutorService threads = Executors.newFixedThreadPool(contenders.size())) {
            List<Future<Integer>> results = threads.invokeAll(contenders.stream()
                    .map(contender -> (Callable<Integer>) () -> {
                        start.await();
                        return contender.getAsInt();
                    })
                    .toList());
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> result : results) {
                answers.add(result.get());
            }
            return answers;
        }
    }
}
