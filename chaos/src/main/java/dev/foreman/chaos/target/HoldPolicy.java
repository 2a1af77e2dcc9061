package dev.foreman.chaos.target;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the target takes over a request, as a real webhook receiver would: most answer at once,
 * some take tens of milliseconds, one in a hundred takes one to three seconds. The slow ones keep
 * attempts open long enough that a killed or paused worker leaves some in flight; all stay well
 * under the jobs' timeout.
 */
final class HoldPolicy {
    private HoldPolicy() {}

    static long holdMillis() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(100);
        if (dice < 90) {
            return 0;
        }
        if (dice < 99) {
            return random.nextLong(1, 100);
        }
        return random.nextLong(1_000, 3_000);
    }
}
