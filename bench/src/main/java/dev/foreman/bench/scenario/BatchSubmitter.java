package dev.foreman.bench.scenario;

import dev.foreman.bench.load.ForemanClient;
import dev.foreman.bench.load.JobBodies;
import dev.foreman.bench.report.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Submits many jobs through {@code POST /v1/jobs/batch} as fast as the API takes them, with a few
 * concurrent clients, and keeps the returned ids in submission order. A failed batch is retried
 * a few times; if it still fails, submitting stops (an API that refuses three times in a row will
 * not do better for the next thousand batches) and the caller sees how many jobs were accepted.
 */
final class BatchSubmitter {
    private static final int ATTEMPTS = 3;

    private final ForemanClient api;
    private final int batchSize;
    private final int clients;

    BatchSubmitter(ForemanClient api, int batchSize, int clients) {
        this.api = api;
        this.batchSize = batchSize;
        this.clients = clients;
    }

    /**
     * What was submitted.
     *
     * @param ids accepted job ids, in the order of {@code jobBody}'s index; null where a batch failed
     * @param startNanos {@link System#nanoTime()} when the first batch was sent
     * @param endNanos {@link System#nanoTime()} when the last batch was answered
     * @param failedBatches batches left out after their retries
     * @param firstError the first failure's message, or null
     */
    record Submitted(UUID[] ids, long startNanos, long endNanos, int failedBatches, String firstError) {
        /** A note for the report when batches failed, or null. */
        String failureNote() {
            return failedBatches == 0
                    ? null
                    : "submitting stopped after " + failedBatches + " batch(es) failed " + ATTEMPTS
                            + " attempts each; the first error: " + firstError;
        }

        long accepted() {
            return Arrays.stream(ids).filter(id -> id != null).count();
        }

        double jobsPerSecond() {
            return accepted() / Math.max(1e-9, (endNanos - startNanos) / 1e9);
        }

        List<UUID> acceptedIds() {
            return Arrays.stream(ids).filter(id -> id != null).toList();
        }
    }

    /** Submits {@code count} jobs; {@code jobBody} renders job {@code i} (see {@link JobBodies}). */
    Submitted submit(String label, int count, IntFunction<String> jobBody) {
        UUID[] ids = new UUID[count];
        int batches = (count + batchSize - 1) / batchSize;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < Math.min(clients, batches); client++) {
                executor.execute(() -> {
                    int batch;
                    while (failed.get() == 0 && (batch = next.getAndIncrement()) < batches) {
                        int from = batch * batchSize;
                        int to = Math.min(count, from + batchSize);
                        String error = submitOne(ids, from, to, jobBody);
                        if (error != null) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                        int finished = done.incrementAndGet();
                        if (finished % Math.max(1, batches / 10) == 0 && finished < batches) {
                            Progress.say("%s: submitted %,d of %,d jobs", label, (long) finished * batchSize, count);
                        }
                    }
                });
            }
        }
        return new Submitted(ids, start, System.nanoTime(), failed.get(), firstError.get());
    }

    private String submitOne(UUID[] ids, int from, int to, IntFunction<String> jobBody) {
        List<String> jobs = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            jobs.add(jobBody.apply(i));
        }
        String body = JobBodies.batch(jobs);
        String error = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                List<UUID> accepted = api.submitBatch(body);
                for (int i = 0; i < accepted.size() && from + i < to; i++) {
                    ids[from + i] = accepted.get(i);
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (Exception e) {
                error = String.valueOf(e.getMessage());
            }
        }
        return error;
    }
}
