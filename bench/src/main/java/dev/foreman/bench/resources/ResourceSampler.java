package dev.foreman.bench.resources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples every second the resident memory and CPU time of the stack's processes and, every five
 * seconds (on a thread of its own), the heap of the JVM services. A scenario opens a window with
 * {@link #beginWindow()} and closes it with {@link #endWindow()}, which answers max RSS, mean CPU
 * cores and max heap per process for that window.
 */
public final class ResourceSampler implements AutoCloseable {
    private static final Duration PROCESS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration HEAP_INTERVAL = Duration.ofSeconds(5);
    private static final long DEFAULT_TICKS_PER_SECOND = 100;
    private static final double KIB_PER_MIB = 1024.0;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private final Supplier<List<ProcessGroup>> groups;
    private final HeapProbe heap;
    private final Clock clock;
    private final long ticksPerSecond = clockTicksPerSecond();
    private final Object lock = new Object();
    private final Thread processSampler;
    private final Thread heapSampler;
    private Window window;
    private volatile boolean running = true;

    public ResourceSampler(Supplier<List<ProcessGroup>> groups, HeapProbe heap, Clock clock) {
        this.groups = groups;
        this.heap = heap;
        this.clock = clock;
        this.processSampler = Thread.ofPlatform()
                .daemon()
                .name("bench-process-sampler")
                .start(() -> every(PROCESS_INTERVAL, this::sampleProcesses));
        // Its own thread: a service too busy to answer its metrics endpoint quickly must not
        // delay the memory and CPU samples, which matter most exactly then.
        this.heapSampler = Thread.ofPlatform()
                .daemon()
                .name("bench-heap-sampler")
                .start(() -> every(HEAP_INTERVAL, this::sampleHeaps));
    }

    /** Starts a window: from now on samples count towards the next {@link #endWindow()}. */
    public void beginWindow() {
        synchronized (lock) {
            window = new Window(System.nanoTime(), clock.instant());
        }
        sampleProcesses();
    }

    /** Ends the window with a last sample (heap included) and answers the usage per process. */
    public Map<String, ResourceUsage> endWindow() {
        sampleProcesses();
        sampleHeaps();
        synchronized (lock) {
            if (window == null) {
                return Map.of();
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - window.startNanos) / 1e9);
            Map<String, ResourceUsage> usage = new LinkedHashMap<>();
            window.groups.forEach((name, stats) -> {
                if (stats.seen()) {
                    usage.put(name, stats.usage(seconds, ticksPerSecond));
                }
            });
            window = null;
            return usage;
        }
    }

    private void every(Duration interval, Runnable sample) {
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            sample.run();
        }
    }

    private boolean windowOpen() {
        synchronized (lock) {
            return window != null;
        }
    }

    private void sampleProcesses() {
        if (!windowOpen()) {
            return;
        }
        for (ProcessGroup group : groups.get()) {
            Map<Long, ProcReading> readings = new HashMap<>();
            for (long pid : group.pids().get()) {
                ProcFiles.read(pid).ifPresent(reading -> readings.put(pid, reading));
            }
            synchronized (lock) {
                if (window != null) {
                    window.stats(group.name()).add(readings, window.startInstant);
                }
            }
        }
    }

    /** Asks every running service for its heap at once, so that one slow service delays no other. */
    private void sampleHeaps() {
        if (!windowOpen()) {
            return;
        }
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ProcessGroup group : groups.get()) {
                if (group.actuator() == null || group.pids().get().isEmpty()) {
                    continue;
                }
                probes.execute(() -> heap.heapUsedBytes(group.actuator()).ifPresent(bytes -> {
                    synchronized (lock) {
                        if (window != null) {
                            window.stats(group.name()).addHeap(bytes);
                        }
                    }
                }));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        processSampler.interrupt();
        heapSampler.interrupt();
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor(5, TimeUnit.SECONDS) && !out.isEmpty()
                    ? Long.parseLong(out)
                    : DEFAULT_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            // 100 on every Linux build that matters.
            return DEFAULT_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_TICKS_PER_SECOND;
        }
    }

    private record Window(long startNanos, Instant startInstant, Map<String, GroupStats> groups) {
        Window(long startNanos, Instant startInstant) {
            this(startNanos, startInstant, new LinkedHashMap<>());
        }

        GroupStats stats(String group) {
            return groups.computeIfAbsent(group, name -> new GroupStats());
        }
    }

    private static final class GroupStats {
        private final Map<Long, long[]> firstAndLastTicks = new HashMap<>();
        private long maxRssKib;
        private long maxHeapBytes = -1;

        void add(Map<Long, ProcReading> readings, Instant windowStart) {
            long privateKib = 0;
            long sharedKib = 0;
            for (var entry : readings.entrySet()) {
                ProcReading reading = entry.getValue();
                // Shared memory (Postgres' buffers) is mapped by every process of a group: count it once.
                privateKib += reading.rssKib() - reading.sharedKib();
                sharedKib = Math.max(sharedKib, reading.sharedKib());
                long[] ticks = firstAndLastTicks.computeIfAbsent(entry.getKey(), pid ->
                        new long[] {startedAfter(pid, windowStart) ? 0 : reading.cpuTicks(), 0});
                ticks[1] = reading.cpuTicks();
            }
            maxRssKib = Math.max(maxRssKib, privateKib + sharedKib);
        }

        void addHeap(long bytes) {
            maxHeapBytes = Math.max(maxHeapBytes, bytes);
        }

        /** False for a process that did not run at all in the window, such as a worker not yet started. */
        boolean seen() {
            return !firstAndLastTicks.isEmpty();
        }

        ResourceUsage usage(double seconds, long ticksPerSecond) {
            long ticks = firstAndLastTicks.values().stream()
                    .mapToLong(t -> Math.max(0, t[1] - t[0]))
                    .sum();
            double cpuSeconds = ticks / (double) ticksPerSecond;
            return new ResourceUsage(
                    round(maxRssKib / KIB_PER_MIB),
                    round(cpuSeconds / seconds),
                    round(cpuSeconds),
                    maxHeapBytes < 0 ? null : round(maxHeapBytes / BYTES_PER_MIB));
        }

        /** A process born inside the window spent all its CPU time inside it. */
        private static boolean startedAfter(long pid, Instant windowStart) {
            return ProcessHandle.of(pid)
                    .flatMap(process -> process.info().startInstant())
                    .map(started -> started.isAfter(windowStart))
                    .orElse(false);
        }

        private static double round(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }
}
