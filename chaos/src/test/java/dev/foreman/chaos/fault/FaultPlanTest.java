package dev.foreman.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void theSameSeedGivesTheSameFaultsAndChoices() {
        assertThat(draw(new FaultPlan(20))).isEqualTo(draw(new FaultPlan(20)));
    }

    @Test
    void anotherSeedGivesAnotherOrder() {
        assertThat(draw(new FaultPlan(20))).isNotEqualTo(draw(new FaultPlan(21)));
    }

    @Test
    void everyRoundInjectsEachKindOnce() {
        FaultPlan plan = new FaultPlan(7);
        for (int round = 0; round < 3; round++) {
            List<FaultKind> kinds = new ArrayList<>();
            for (int i = 0; i < FaultKind.values().length; i++) {
                kinds.add(plan.nextKind());
            }
            assertThat(kinds).containsExactlyInAnyOrder(FaultKind.values());
        }
    }

    private static List<String> draw(FaultPlan plan) {
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            drawn.add(plan.nextKind() + "/" + plan.pick(3) + "/" + plan.graceful() + "/" + plan.immediate());
        }
        return drawn;
    }
}
