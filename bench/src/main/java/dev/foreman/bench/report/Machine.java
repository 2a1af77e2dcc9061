package dev.foreman.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine the figures come from; every figure means little without it.
 *
 * @param cpuModel the processor's model name from {@code /proc/cpuinfo}, or "unknown"
 * @param availableProcessors the cores this JVM may use
 * @param memoryMib physical memory
 * @param os operating system name, version and architecture
 * @param java the runtime version and vendor of the bench (the services run on the same)
 * @param loadAverage the one-minute load average when the run started; well above zero means
 *     something else was using the cores, and the figures are not the stack's alone
 */
public record Machine(
        String cpuModel, int availableProcessors, long memoryMib, String os, String java, double loadAverage) {

    public static Machine current() {
        long memory =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getTotalMemorySize() / (1024 * 1024)
                        : -1;
        return new Machine(
                readCpuModel().orElse("unknown"),
                Runtime.getRuntime().availableProcessors(),
                memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Optional<String> readCpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
