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
 * Samples every second the resident memory and CPU time of the stack's processes and of the JIT
 * compiler threads of its JVM services and, every five seconds (on a thread of its own), the heap
 * of the JVM services. A scenario opens a window with {@link #beginWindow()} and closes it with
 * {@link #endWindow()}, which answers max RSS, mean CPU cores, CPU seconds (with and without the
 * JIT's) and max heap per process for that window, and the stack's total.
 *
 * <p>The JIT's CPU is the {@code utime + stime} of the threads HotSpot names {@code C1
 * CompilerThread<n>} and {@code C2 CompilerThread<n>}, read from {@code /proc/<pid>/task/<tid>/stat}
 * in the same sample as the process, rather than the services' {@code jvm_compilation_time_ms_total}.
 * That metric adds up the elapsed time of each compilation, not its CPU time, so a compilation
 * waiting for a core counts its wait. On 2 shared cores that can be most of it: a JDK 25 JVM
 * compiling javac in a loop for 25 s beside four spinning threads reported 30.3 s of compilation
 * for 3.6 s of compiler-thread CPU (26.4 s for 20.1 s without the spinners); subtracting the metric
 * would remove more than the JIT's share, and more the busier the machine. The threads' times are
 * in the same clock ticks as the process's, so the difference is the CPU the process spent outside
 * its compilers. What this misses: HotSpot ends a compiler thread it added for a long queue once
 * the thread has idled, and the thread's time then leaves the task list (the process's total keeps
 * it); read every second, at most its last second is lost. On 2 cores HotSpot runs one C1 and one
 * C2 thread and ends neither. The threads are read every second, not only at the window's ends,
 * because a restarted worker's old process takes its threads with it.
 */
public final class ResourceSampler implements AutoCloseable {
    private static final Duration PROCESS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration HEAP_INTERVAL = Duration.ofSeconds(5);
    private static final long DEFAULT_TICKS_PER_SECOND = 100;

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

    /**
     * Ends the window with a last sample (heap included) and answers the usage per process and the
     * stack's total. It never fails: a figure that could not be read is left out, with a note.
     */
    public WindowUsage endWindow() {
        sampleProcesses();
        sampleHeaps();
        synchronized (lock) {
            if (window == null) {
                return WindowUsage.none();
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - window.startNanos) / 1e9);
            WindowUsage usage = WindowUsage.of(window.groups, seconds, ticksPerSecond);
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
            boolean jvm = group.actuator() != null;
            Map<Long, ProcReading> readings = new HashMap<>();
            Map<Long, Map<Long, Long>> compilers = new HashMap<>();
            for (long pid : group.pids().get()) {
                ProcFiles.read(pid).ifPresent(reading -> readings.put(pid, reading));
                if (jvm) {
                    ProcFiles.compilerThreadTicks(pid).ifPresent(ticks -> compilers.put(pid, ticks));
                }
            }
            synchronized (lock) {
                if (window != null) {
                    Instant windowStart = window.startInstant;
                    window.group(group).add(readings, compilers, jvm, pid -> startedAfter(pid, windowStart));
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
                            window.group(group).addHeap(bytes);
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

    /** A process born inside the window spent all its CPU time inside it. */
    private static boolean startedAfter(long pid, Instant windowStart) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().startInstant())
                .map(started -> started.isAfter(windowStart))
                .orElse(false);
    }

    private record Window(long startNanos, Instant startInstant, Map<String, GroupWindow> groups) {
        Window(long startNanos, Instant startInstant) {
            this(startNanos, startInstant, new LinkedHashMap<>());
        }

        GroupWindow group(ProcessGroup group) {
            return groups.computeIfAbsent(group.name(), name -> new GroupWindow(group.stack()));
        }
    }
}
