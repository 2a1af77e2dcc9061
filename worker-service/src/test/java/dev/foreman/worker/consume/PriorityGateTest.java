package dev.foreman.worker.consume;

import static dev.foreman.common.job.Priority.HIGH;
import static dev.foreman.common.job.Priority.LOW;
import static dev.foreman.common.job.Priority.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Priority;
import dev.foreman.worker.consume.PriorityGate.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PriorityGateTest {

    @Test
    void readsEveryPriorityWhileNothingIsBacklogged() {
        PriorityGate gate = new PriorityGate(10);

        Turn turn = gate.next();

        assertThat(turn.open()).containsExactlyInAnyOrder(HIGH, NORMAL, LOW);
        assertThat(turn.share()).isFalse();
    }

    @Test
    void aSaturatedHighBatchPausesNormalAndLow() {
        PriorityGate gate = new PriorityGate(10);
        gate.observe(gate.next(), true, HIGH);

        assertThat(gate.next().open()).containsExactly(HIGH);
    }

    @Test
    void aSaturatedNormalBatchPausesOnlyLow() {
        PriorityGate gate = new PriorityGate(10);
        gate.observe(gate.next(), true, NORMAL);

        assertThat(gate.next().open()).containsExactlyInAnyOrder(HIGH, NORMAL);
    }

    @Test
    void aBatchThatIsNotSaturatedOpensEverythingAgain() {
        PriorityGate gate = new PriorityGate(10);
        gate.observe(gate.next(), true, HIGH);

        gate.observe(gate.next(), false, HIGH);

        assertThat(gate.next().open()).containsExactlyInAnyOrder(HIGH, NORMAL, LOW);
    }

    @Test
    void everyNthPollDuringABacklogIsAShareTurnForThePausedPriorities() {
        PriorityGate gate = new PriorityGate(3);
        gate.observe(gate.next(), true, HIGH);

        List<Set<Priority>> turns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Turn turn = gate.next();
            turns.add(turn.open());
            gate.observe(turn, true, turn.share() ? turn.open().iterator().next() : HIGH);
        }

        assertThat(turns)
                .containsExactly(
                        Set.of(HIGH),
                        Set.of(HIGH),
                        Set.of(NORMAL),
                        Set.of(HIGH),
                        Set.of(HIGH),
                        Set.of(LOW),
                        Set.of(HIGH),
                        Set.of(HIGH),
                        Set.of(NORMAL),
                        Set.of(HIGH),
                        Set.of(HIGH),
                        Set.of(LOW));
    }

    @Test
    void shareTurnsDoNotWaitAndDoNotChangeTheBacklog() {
        PriorityGate gate = new PriorityGate(2);
        gate.observe(gate.next(), true, NORMAL);
        gate.observe(gate.next(), true, NORMAL);

        Turn share = gate.next();
        gate.observe(share, false, null);

        assertThat(share.share()).isTrue();
        assertThat(share.open()).containsExactly(LOW);
        assertThat(gate.next().open()).containsExactlyInAnyOrder(HIGH, NORMAL);
    }

    @Test
    void strictPriorityNeverServesPausedPriorities() {
        PriorityGate gate = new PriorityGate(0);
        gate.observe(gate.next(), true, HIGH);

        for (int i = 0; i < 100; i++) {
            Turn turn = gate.next();
            assertThat(turn.open()).containsExactly(HIGH);
            gate.observe(turn, true, HIGH);
        }
    }
}
