package dev.foreman.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerComparisonTest {
    private static final String DELIVERED = "delivered_jobs_per_second";
    private static final String FIRST_TO_LAST = "first_submit_to_last_delivery_jobs_per_second";

    @Test
    void dividesForemansFigureByThePeersToTwoDecimals() {
        PeerComparison comparison = PeerComparison.of("jobrunr", "8.7.0", "s", e2e(2780, 1831), peer(762, 700));

        assertThat(comparison.ratio(DELIVERED)).isEqualTo(3.65);
        assertThat(comparison.ratio(FIRST_TO_LAST)).isEqualTo(2.62);
    }

    @Test
    void hasNoRatioWhenTheRunHadNoEndToEndScenario() {
        PeerComparison comparison = PeerComparison.of("jobrunr", "8.7.0", "s", null, peer(762, 700));

        assertThat(comparison.foreman()).isEmpty();
        assertThat(comparison.peerFigures()).containsEntry(DELIVERED, 762.0);
        assertThat(comparison.ratio(DELIVERED)).isNull();
        assertThat(comparison.rows())
                .anySatisfy(
                        row -> assertThat(row).containsExactly("peer jobrunr", "ratio " + DELIVERED, "not measured"));
    }

    @Test
    void leavesOutTheFiguresOfAFailedEndToEndRun() {
        ScenarioResult failed = e2e(2780, 1831).failed("only 10 of 20 jobs reached the target");

        assertThat(PeerComparison.of("jobrunr", "8.7.0", "s", failed, peer(762, 700))
                        .ratio(DELIVERED))
                .isNull();
    }

    @Test
    void hasNoRatioAgainstAPeerThatDeliveredNothing() {
        assertThat(PeerComparison.of("jobrunr", "8.7.0", "s", e2e(2780, 1831), peer(0, 0))
                        .ratio(DELIVERED))
                .isNull();
    }

    private static ScenarioResult e2e(double delivered, double firstToLast) {
        return new ScenarioResult("e2e", "batches").figure(DELIVERED, delivered).figure(FIRST_TO_LAST, firstToLast);
    }

    private static ScenarioResult peer(double delivered, double firstToLast) {
        return new ScenarioResult("jobrunr", "stream")
                .figure(DELIVERED, delivered)
                .figure(FIRST_TO_LAST, firstToLast);
    }
}
