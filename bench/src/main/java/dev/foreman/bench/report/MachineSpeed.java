package dev.foreman.bench.report;

/**
 * How fast the host's cores were at one moment: the wall time of {@link CpuCalibration}'s fixed
 * workload. The same code on the same machine type should give about the same reading, so a
 * reading well above another run's means the host was slower then (another tenant on the VM's
 * cores, throttling), and that run's figures say less about the code.
 *
 * @param oneThreadMs one round of the workload on one thread
 * @param allThreadsMs the same round on each of {@code threads} threads at once, until the last one
 *     finished; about {@code oneThreadMs} when each thread has a core of its own, up to {@code
 *     threads} times it when they share
 * @param threads how many threads ran the second round: one per available processor
 */
public record MachineSpeed(double oneThreadMs, double allThreadsMs, int threads) {

    /** For the table: {@code one thread 165 ms, 2 threads at once 171 ms}. */
    public String describe() {
        return "one thread " + Numbers.millis(oneThreadMs) + " ms, " + threads + " threads at once "
                + Numbers.millis(allThreadsMs) + " ms";
    }
}
