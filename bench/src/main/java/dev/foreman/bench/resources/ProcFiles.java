package dev.foreman.bench.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a process's memory and CPU time from Linux's {@code /proc}. */
final class ProcFiles {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that closes the command name.
    private static final int UTIME_AFTER_COMM = 11;
    private static final int STIME_AFTER_COMM = 12;

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
