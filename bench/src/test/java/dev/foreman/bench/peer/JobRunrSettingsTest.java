package dev.foreman.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobRunrSettingsTest {

    @Test
    void triesJobRunrsDefaultsThenHalfAndTwiceTheWorkersAtTheShortestPollInterval() {
        assertThat(JobRunrSettings.TRIALS)
                .extracting(JobRunrSettings::describe)
                .containsExactly(
                        "workers=32 poll=15s pool=20", "workers=16 poll=5s pool=20", "workers=64 poll=5s pool=20");
    }
}
