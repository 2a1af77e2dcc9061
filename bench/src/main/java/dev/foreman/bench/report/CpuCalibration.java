package dev.foreman.bench.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Times a fixed CPU workload, once on one thread and once on one thread per available processor at
 * the same time, so that a report tells a slow host from a slow change. The workload is SHA-256 of a
 * 16 MiB array filled the same way every time, 12 times: 14 ms a digest, so about 170 ms a round, on
 * one core of the 2-core AMD EPYC VM the bench runs on (JDK 25, whose SHA-256 uses the CPU's SHA
 * instructions; another JDK or CPU gives other readings, so compare runs of one machine and JDK).
 * One unmeasured round first lets the JIT compile it; each figure is then the median of three
 * rounds. That is ten rounds of CPU in all: a little over a second on that machine when it is
 * quiet, several when it is busy.
 *
 * <p>Changing the workload makes new readings incomparable with old ones: say so in
 * docs/benchmarks.md if you must.
 */
public final class CpuCalibration {
    private static final int STANDARD_BYTES = 16 * 1024 * 1024;
    private static final int STANDARD_REPETITIONS = 12;
    private static final int MEASURED_ROUNDS = 3;

    private final byte[] data;
    private final int repetitions;

    CpuCalibration(int bytes, int repetitions) {
        this.data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        this.repetitions = repetitions;
    }

    /** The workload every bench run measures. */
    public static CpuCalibration standard() {
        return new CpuCalibration(STANDARD_BYTES, STANDARD_REPETITIONS);
    }

    /**
     * Wall time of one round on one thread and of one round on each available processor at once;
     * rounds of the two kinds alternate, so a spell of contention falls on both.
     */
    public MachineSpeed measure() throws InterruptedException {
        digestRound();
        int threads = Runtime.getRuntime().availableProcessors();
        double[] oneThread = new double[MEASURED_ROUNDS];
        double[] allThreads = new double[MEASURED_ROUNDS];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long start = System.nanoTime();
            digestRound();
            oneThread[round] = millisSince(start);
            allThreads[round] = timeConcurrentRounds(threads);
        }
        return new MachineSpeed(median(oneThread), median(allThreads), threads);
    }

    private double timeConcurrentRounds(int threads) throws InterruptedException {
        List<FutureTask<byte[]>> rounds = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            FutureTask<byte[]> round = new FutureTask<>(this::digestRound);
            Thread.ofPlatform().name("cpu-calibration-" + i).daemon().start(round);
            rounds.add(round);
        }
        for (FutureTask<byte[]> round : rounds) {
            try {
                round.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a calibration round failed", e.getCause());
            }
        }
        return millisSince(start);
    }

    /** One round of the workload; answers the last digest, the same in every round. */
    byte[] digestRound() {
        MessageDigest sha256 = sha256();
        byte[] digest = null;
        for (int i = 0; i < repetitions; i++) {
            sha256.update(data);
            digest = sha256.digest();
        }
        return digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
