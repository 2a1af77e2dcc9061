package dev.foreman.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuCalibrationTest {
    // A small workload: these tests check what is measured, never how fast, and must not take the
    // cores from a benchmark running beside them.
    private final CpuCalibration calibration = new CpuCalibration(1024 * 1024, 2);

    @Test
    void measuresOneThreadAndAllThreadsRoundsInPositiveMilliseconds() throws InterruptedException {
        MachineSpeed speed = calibration.measure();

        assertThat(speed.oneThreadMs()).isPositive();
        assertThat(speed.allThreadsMs()).isPositive();
    }

    @Test
    void runsTheConcurrentRoundOnOneThreadPerAvailableProcessor() throws InterruptedException {
        assertThat(calibration.measure().threads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void digestsTheSameBytesInEveryRoundAndEveryInstance() {
        byte[] first = calibration.digestRound();

        assertThat(calibration.digestRound()).isEqualTo(first);
        assertThat(new CpuCalibration(1024 * 1024, 2).digestRound()).isEqualTo(first);
        assertThat(new CpuCalibration(1024 * 1024 + 1, 2).digestRound()).isNotEqualTo(first);
    }
}
