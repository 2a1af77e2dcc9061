package dev.foreman.bench.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowUsageTest {
    private static final long TICKS_PER_SECOND = 100;
    private static final double WINDOW_SECONDS = 10;
    private static final long API = 4242;
    private static final long C1 = 4250;
    private static final long C2 = 4251;

    private final Map<String, GroupWindow> groups = new LinkedHashMap<>();

    @Test
    void splitsAServicesCpuIntoWhatItsCompilerThreadsUsedAndTheRest() {
        GroupWindow api = service("api-service");
        api.add(process(API, 1_000), Map.of(API, Map.of(C1, 300L, C2, 200L)), true, pid -> false);
        api.add(process(API, 2_500), Map.of(API, Map.of(C1, 340L, C2, 610L)), true, pid -> false);

        ResourceUsage usage = usage().processes().get("api-service");

        assertThat(usage.cpuSeconds()).isEqualTo(15.0);
        assertThat(usage.jitCpuSeconds()).isEqualTo(4.5);
        assertThat(usage.cpuSecondsWithoutJit()).isEqualTo(10.5);
        assertThat(usage.meanCpuCores()).isEqualTo(1.5);
    }

    @Test
    void countsACompilerThreadStartedWithinTheWindowFromZero() {
        GroupWindow api = service("api-service");
        api.add(process(API, 1_000), Map.of(API, Map.of(C2, 200L)), true, pid -> false);
        api.add(process(API, 2_000), Map.of(API, Map.of(C2, 300L, 4260L, 150L)), true, pid -> false);

        assertThat(usage().processes().get("api-service").jitCpuSeconds()).isEqualTo(2.5);
    }

    @Test
    void countsARestartedWorkersOldProcessUntilItsLastReadingAndItsNewOneFromItsStart() {
        GroupWindow worker = service("worker-service");
        worker.add(process(100, 5_000), Map.of(100L, Map.of(101L, 900L)), true, pid -> false);
        worker.add(process(100, 5_040), Map.of(100L, Map.of(101L, 910L)), true, pid -> false);
        worker.add(process(200, 700), Map.of(200L, Map.of(201L, 250L, 202L, 150L)), true, pid -> pid == 200);
        worker.add(process(200, 3_000), Map.of(200L, Map.of(201L, 600L, 202L, 300L)), true, pid -> pid == 200);

        ResourceUsage usage = usage().processes().get("worker-service");

        assertThat(usage.cpuSeconds()).isEqualTo(30.4);
        assertThat(usage.jitCpuSeconds()).isEqualTo(9.1);
        assertThat(usage.cpuSecondsWithoutJit()).isEqualTo(21.3);
    }

    @Test
    void leavesOutTheJitOfAServiceWhoseCompilerThreadsCouldNotBeReadAndSaysSo() {
        GroupWindow worker = service("worker-service");
        worker.add(process(100, 1_000), Map.of(), true, pid -> false);
        worker.add(process(100, 2_000), Map.of(), true, pid -> false);
        GroupWindow redis = group("redis", true);
        redis.add(process(300, 10), Map.of(), false, pid -> false);
        redis.add(process(300, 60), Map.of(), false, pid -> false);

        WindowUsage usage = usage();

        ResourceUsage workerUsage = usage.processes().get("worker-service");
        assertThat(workerUsage.cpuSeconds()).isEqualTo(10.0);
        assertThat(workerUsage.jitCpuSeconds()).isNull();
        assertThat(workerUsage.cpuSecondsWithoutJit()).isNull();
        assertThat(usage.stack().cpuSeconds()).isEqualTo(10.5);
        assertThat(usage.stack().cpuSecondsWithoutJit()).isNull();
        assertThat(usage.notes())
                .containsExactly(
                        "worker-service has no jit_cpu_seconds or cpu_seconds_without_jit: the CPU time of its JIT"
                                + " compiler threads could not be read from /proc/<pid>/task",
                        "the stack's total has no cpu_seconds_without_jit: worker-service had no JIT figure");
    }

    @Test
    void leavesOutTheJitOfAServiceWhenOneOfItsProcessesWasNeverRead() {
        GroupWindow worker = service("worker-service");
        worker.add(process(100, 1_000), Map.of(100L, Map.of(101L, 100L)), true, pid -> false);
        worker.add(process(200, 500), Map.of(), true, pid -> true);

        assertThat(usage().processes().get("worker-service").jitCpuSeconds()).isNull();
    }

    @Test
    void givesAProcessWithoutAJvmNoJitFigureAndNoNote() {
        GroupWindow postgres = group("postgres", true);
        postgres.add(process(300, 100), Map.of(), false, pid -> false);
        postgres.add(process(300, 900), Map.of(), false, pid -> false);

        WindowUsage usage = usage();

        assertThat(usage.processes().get("postgres").jitCpuSeconds()).isNull();
        assertThat(usage.processes().get("postgres").cpuSecondsWithoutJit()).isNull();
        assertThat(usage.notes()).isEmpty();
        assertThat(usage.stack().cpuSecondsWithoutJit()).isEqualTo(8.0);
    }

    @Test
    void sumsTheStacksProcessesWithAndWithoutJitButNotTheBench() {
        GroupWindow api = service("api-service");
        api.add(process(API, 1_000), Map.of(API, Map.of(C2, 200L)), true, pid -> false);
        api.add(process(API, 3_000), Map.of(API, Map.of(C2, 500L)), true, pid -> false);
        GroupWindow postgres = group("postgres", true);
        postgres.add(Map.of(300L, reading(100), 301L, reading(50)), Map.of(), false, pid -> false);
        postgres.add(Map.of(300L, reading(700), 301L, reading(250)), Map.of(), false, pid -> false);
        GroupWindow bench = group("bench", false);
        bench.add(process(1, 0), Map.of(), false, pid -> false);
        bench.add(process(1, 9_000), Map.of(), false, pid -> false);

        StackCpu stack = usage().stack();

        assertThat(stack.processes()).containsExactly("api-service", "postgres");
        assertThat(stack.cpuSeconds()).isEqualTo(28.0);
        assertThat(stack.cpuSecondsWithoutJit()).isEqualTo(25.0);
    }

    @Test
    void reportsNoStackTotalWhenOnlyTheBenchRan() {
        GroupWindow bench = group("bench", false);
        bench.add(process(1, 0), Map.of(), false, pid -> false);
        bench.add(process(1, 500), Map.of(), false, pid -> false);

        WindowUsage usage = usage();

        assertThat(usage.processes()).containsOnlyKeys("bench");
        assertThat(usage.stack()).isNull();
    }

    @Test
    void leavesOutAGroupThatDidNotRunInTheWindow() {
        service("worker-service");
        GroupWindow api = service("api-service");
        api.add(process(API, 0), Map.of(API, Map.of(C2, 0L)), true, pid -> false);

        WindowUsage usage = usage();

        assertThat(usage.processes()).containsOnlyKeys("api-service");
        assertThat(usage.stack().processes()).containsExactly("api-service");
    }

    @Test
    void neverCountsMoreJitThanTheProcessUsed() {
        GroupWindow api = service("api-service");
        api.add(process(API, 1_000), Map.of(API, Map.of(C2, 200L)), true, pid -> false);
        // Threads are read just after their process, so they can be a tick ahead of it.
        api.add(process(API, 1_100), Map.of(API, Map.of(C2, 301L)), true, pid -> false);

        ResourceUsage usage = usage().processes().get("api-service");

        assertThat(usage.jitCpuSeconds()).isEqualTo(1.0);
        assertThat(usage.cpuSecondsWithoutJit()).isZero();
    }

    private GroupWindow service(String name) {
        return group(name, true);
    }

    private GroupWindow group(String name, boolean stack) {
        return groups.computeIfAbsent(name, ignored -> new GroupWindow(stack));
    }

    private WindowUsage usage() {
        return WindowUsage.of(groups, WINDOW_SECONDS, TICKS_PER_SECOND);
    }

    private static Map<Long, ProcReading> process(long pid, long cpuTicks) {
        return Map.of(pid, reading(cpuTicks));
    }

    private static ProcReading reading(long cpuTicks) {
        return new ProcReading(200_000, 0, cpuTicks);
    }
}
