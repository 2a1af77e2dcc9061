package dev.foreman.bench.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a process's memory and CPU time, and the CPU time of a JVM's JIT compiler threads, from
 * Linux's {@code /proc}.
 */
final class ProcFiles {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that closes the command name.
    private static final int UTIME_AFTER_COMM = 11;
    private static final int STIME_AFTER_COMM = 12;
    private static final List<String> COMPILER_THREAD_NAMES = List.of("C1 CompilerThre", "C2 CompilerThre");

    private ProcFiles() {}

    /** Empty when the process is gone (or this is not Linux). */
    static Optional<ProcReading> read(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            String status = Files.readString(proc.resolve("status"));
            String stat = Files.readString(proc.resolve("stat"));
            return Optional.of(
                    new ProcReading(statusKib(status, "VmRSS"), statusKib(status, "RssShmem"), cpuTicks(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU ticks of each JIT compiler thread of a HotSpot JVM, by thread id, from {@code
     * /proc/<pid>/task/<tid>/stat}; empty when the process is gone or no compiler thread was found
     * (an {@code -Xint} JVM, another VM, not Linux). A thread that ends between the listing and its
     * reading is left out of this reading.
     */
    static Optional<Map<Long, Long>> compilerThreadTicks(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> listing = Files.list(tasks)) {
            for (Path task : listing.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    if (isCompilerThread(threadName(stat))) {
                        ticks.put(Long.parseLong(task.getFileName().toString()), cpuTicks(stat));
                    }
                } catch (IOException e) {
                    // The thread ended after the listing (threads of Tomcat's pool come and go).
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return ticks.isEmpty() ? Optional.empty() : Optional.of(ticks);
    }

    /**
     * Whether a thread's name ({@code comm}, cut by Linux to 15 characters) is one of HotSpot's
     * compiler threads: {@code C1 CompilerThread0} shows as {@code C1 CompilerThre}.
     */
    static boolean isCompilerThread(String name) {
        return COMPILER_THREAD_NAMES.stream().anyMatch(name::startsWith);
    }

    /** The command name of a {@code /proc/<pid>/stat} line: what the parentheses hold. */
    static String threadName(String stat) {
        int start = stat.indexOf('(');
        int end = stat.lastIndexOf(')');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        return stat.substring(start + 1, end);
    }

    /**
     * User plus system time from a {@code /proc/<pid>/stat} line. The command name in parentheses
     * may itself hold spaces and parentheses, so fields are counted from the last ")".
     */
    static long cpuTicks(String stat) {
        int commEnd = stat.lastIndexOf(')');
        if (commEnd < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(commEnd + 1).trim().split("\\s+");
        return Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[STIME_AFTER_COMM]);
    }

    /** A {@code kB} field of {@code /proc/<pid>/status}, e.g. {@code VmRSS:  123456 kB}; 0 when absent. */
    static long statusKib(String status, String field) {
        String prefix = field + ":";
        for (String line : status.split("\n")) {
            if (line.startsWith(prefix)) {
                String value = line.substring(prefix.length()).trim();
                int unit = value.indexOf(' ');
                return Long.parseLong(unit < 0 ? value : value.substring(0, unit));
            }
        }
        // Kernel threads and zombies have no memory lines.
        return 0;
    }
}
