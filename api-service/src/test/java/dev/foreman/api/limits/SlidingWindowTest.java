package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {
    private final SlidingWindow window = new SlidingWindow(10, 1000);

    @Test
    void weighsThePreviousWindowByHowMuchOfItIsStillInside() {
        assertThat(window.previousWeight(5_000)).isEqualTo(1.0);
        assertThat(window.previousWeight(5_250)).isEqualTo(0.75);
        assertThat(window.index(5_999)).isEqualTo(5);
    }

    @Test
    void reportsWhatIsLeftOfTheWindowWhenAllowed() {
        SlidingWindow.Decision decision = window.decide(true, 4, 3, 5_500);

        // 4 × 0.5 + 3 = 5 used of 10.
        assertThat(decision).isEqualTo(new SlidingWindow.Decision(true, 5, 0, 1));
    }

    @Test
    void asksToWaitUntilThePreviousWindowHasFadedEnoughWhenRefused() {
        // 10 in the previous window, 5 in this one, 500 ms in: 10 × 0.5 + 5 = 10, full. One more fits
        // once the previous window's share is at most 4: at 600 ms, 100 ms from now.
        SlidingWindow.Decision decision = window.decide(false, 10, 5, 5_500);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void asksToWaitIntoTheNextWindowWhenThisOneIsFullOnItsOwn() {
        // 20 allowed per 1000 ms; this window already holds 20 at 100 ms: the next window starts in
        // 900 ms, and there the 20 must fade to 19, which takes another 50 ms.
        SlidingWindow busy = new SlidingWindow(20, 1000);

        SlidingWindow.Decision decision = busy.decide(false, 0, 20, 7_100);

        assertThat(decision.retryAfterSeconds()).isEqualTo(1);
        assertThat(new SlidingWindow(2, 10_000).decide(false, 0, 2, 0).retryAfterSeconds())
                .isEqualTo(15);
    }
}
