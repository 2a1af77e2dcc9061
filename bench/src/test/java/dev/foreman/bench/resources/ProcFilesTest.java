package dev.foreman.bench.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFilesTest {
    // A real line of /proc/<pid>/stat with a command name that holds a space and a ")".
    private static final String STAT = "4242 (java) (x)) S 1 4242 4242 0 -1 4194560 81234 0 12 0 1520 317 0 0 20 0 61 0"
            + " 123456 5234491392 108032 18446744073709551615 1 1 0 0 0 0 0 16781312 16780032 0 0 0 17 1 0 0 0 0 0";

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 5234491 kB
            VmRSS:\t  432128 kB
            RssAnon:\t  401000 kB
            RssFile:\t   31000 kB
            RssShmem:\t     128 kB
            Threads:\t61
            """;

    @Test
    void addsUserAndSystemTimeCountingFieldsAfterTheCommandName() {
        assertThat(ProcFiles.cpuTicks(STAT)).isEqualTo(1520 + 317);
    }

    @Test
    void readsResidentAndSharedMemoryInKibibytes() {
        assertThat(ProcFiles.statusKib(STATUS, "VmRSS")).isEqualTo(432_128);
        assertThat(ProcFiles.statusKib(STATUS, "RssShmem")).isEqualTo(128);
    }

    @Test
    void treatsAMissingMemoryLineAsZero() {
        assertThat(ProcFiles.statusKib("Name:\tkthreadd\nState:\tS (sleeping)\n", "VmRSS"))
                .isZero();
    }

    @Test
    void readsThisVeryProcess() {
        ProcReading reading = ProcFiles.read(ProcessHandle.current().pid()).orElseThrow();

        assertThat(reading.rssKib()).isPositive();
        assertThat(reading.cpuTicks()).isNotNegative();
    }

    @Test
    void answersNothingForAProcessThatDoesNotExist() {
        assertThat(ProcFiles.read(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcFiles.compilerThreadTicks(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void knowsHotSpotsCompilerThreadsByTheNamesLinuxCutsTo15Characters() {
        assertThat(ProcFiles.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(ProcFiles.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(ProcFiles.isCompilerThread("VM Thread")).isFalse();
        assertThat(ProcFiles.isCompilerThread("GC Thread#0")).isFalse();
        assertThat(ProcFiles.isCompilerThread("java")).isFalse();
    }

    @Test
    void readsTheThreadNameBetweenTheFirstParenthesisAndTheLast() {
        assertThat(ProcFiles.threadName(STAT)).isEqualTo("java) (x)");
        assertThat(ProcFiles.threadName("4250 (C2 CompilerThre) S 1 4242")).isEqualTo("C2 CompilerThre");
    }

    @Test
    void readsTheCompilerThreadsOfThisVeryJvm() {
        assertThat(ProcFiles.compilerThreadTicks(ProcessHandle.current().pid()))
                .hasValueSatisfying(ticks -> assertThat(ticks)
                        .isNotEmpty()
                        .allSatisfy((tid, cpuTicks) -> assertThat(cpuTicks).isNotNegative()));
    }
}
