package dev.foreman.chaos.fault;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of faults and each one's choices (which replica, which signal), drawn from one seed: the
 * same seed gives the same run of faults. Kinds come in rounds, each round every kind once in a
 * shuffled order, so that a short run still sees most kinds and a long one sees each about as often.
 */
public final class FaultPlan {
    private final Random random;
    private final List<FaultKind> round = new ArrayList<>();

    public FaultPlan(long seed) {
        this.random = new Random(seed);
    }

    /** The next fault's kind. */
    public FaultKind nextKind() {
        if (round.isEmpty()) {
            round.addAll(List.of(FaultKind.values()));
            Collections.shuffle(round, random);
        }
        return round.removeFirst();
    }

    /** Which of {@code replicas} the fault strikes. */
    public int pick(int replicas) {
        return random.nextInt(replicas);
    }

    /** Whether a kill is a SIGTERM (graceful) rather than a SIGKILL: one time in four. */
    public boolean graceful() {
        return random.nextInt(4) == 0;
    }

    /** Whether a Postgres restart is an immediate shutdown (no checkpoint) rather than a fast one: one in two. */
    public boolean immediate() {
        return random.nextBoolean();
    }
}
