package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.bench.warmup.JitWarmup;
import dev.foreman.bench.warmup.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    @Test
    void countsNothingThatWasAnsweredDuringTheWarmUp() throws Exception {
        AtomicLong sent = new AtomicLong();
        CountDownLatch warmedUp = new CountDownLatch(200);
        AtomicLong sentDuringWarmUp = new AtomicLong();
        // The warm-up "waits" until the clients have sent 200 requests, then reports itself settled.
        Ticker ticker = new Ticker() {
            long nanos;

            @Override
            public long nanoTime() {
                return nanos;
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                warmedUp.await();
                sentDuringWarmUp.set(sent.get());
                this.nanos += nanos;
            }
        };
        JitWarmup warmup = new JitWarmup(Duration.ofSeconds(1), Duration.ofSeconds(1), Map::of, ticker);

        ClosedLoop.Outcome outcome = ClosedLoop.run(4, warmup, Duration.ofMillis(200), () -> {
            sent.incrementAndGet();
            warmedUp.countDown();
            Thread.yield();
            return 3;
        });

        assertThat(sentDuringWarmUp.get()).isGreaterThanOrEqualTo(200);
        // A request counts when it completes in the measured period, wherever it started: each of
        // the 4 clients may have one request begun before the warm-up's last count and answered after.
        assertThat(outcome.requests()).isPositive().isLessThanOrEqualTo(sent.get() - sentDuringWarmUp.get() + 4);
        assertThat(outcome.jobs()).isEqualTo(3 * outcome.requests());
        assertThat(outcome.latencyMicros().getTotalCount()).isEqualTo(outcome.requests());
        assertThat(outcome.warmup().took()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutAWarmUpMeasuresFromTheFirstRequest() throws Exception {
        AtomicLong sent = new AtomicLong();
        JitWarmup none = new JitWarmup(Duration.ZERO, Duration.ZERO, Map::of, Ticker.SYSTEM);

        ClosedLoop.Outcome outcome = ClosedLoop.run(2, none, Duration.ofMillis(100), () -> {
            sent.incrementAndGet();
            Thread.yield();
            return 1;
        });

        assertThat(outcome.requests()).isPositive().isLessThanOrEqualTo(sent.get());
        assertThat(outcome.warmup().describe()).isEqualTo("no warm-up");
    }
}
