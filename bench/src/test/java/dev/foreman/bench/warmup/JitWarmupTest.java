package dev.foreman.bench.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class JitWarmupTest {
    private static final Duration MINIMUM = Duration.ofSeconds(30);
    private static final Duration MAXIMUM = Duration.ofSeconds(180);

    /** Time moves only when the warm-up waits. */
    private final FakeTicker ticker = new FakeTicker();

    /** Compile milliseconds so far of each JVM, as a function of seconds since the start. */
    private final Map<String, DoubleUnaryOperator> jvms = new LinkedHashMap<>();

    @Test
    void keepsTheLoadGoingUntilEveryJvmHasStoppedCompiling() throws Exception {
        jvms.put("api-service", compilingUntil(70));
        jvms.put("worker-service", compilingUntil(40));

        JitWarmup.Outcome outcome = warmup(MINIMUM, MAXIMUM).await();

        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.took()).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(85));
        assertThat(outcome.compileShares()).containsOnlyKeys("api-service", "worker-service");
        assertThat(outcome.compileShares().values()).allMatch(share -> share <= JitWarmup.SETTLED_SHARE);
        assertThat(outcome.describe()).startsWith("warm-up 80 s, until the JIT settled");
    }

    @Test
    void neverEndsBeforeTheMinimumEvenWhenNothingCompiles() throws Exception {
        jvms.put("api-service", seconds -> 5_000);

        JitWarmup.Outcome outcome = warmup(MINIMUM, MAXIMUM).await();

        assertThat(outcome.took()).isEqualTo(MINIMUM);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.compileShares()).containsEntry("api-service", 0.0);
    }

    @Test
    void endsAtTheMaximumWhenTheJitNeverSettlesAndSaysSo() throws Exception {
        jvms.put("api-service", compilingUntil(Double.MAX_VALUE));
        jvms.put("bench", compilingUntil(0));

        JitWarmup.Outcome outcome = warmup(MINIMUM, Duration.ofSeconds(60)).await();

        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(60));
        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.compileShares().get("api-service")).isEqualTo(1.0);
        assertThat(outcome.describe())
                .isEqualTo("warm-up stopped at its 60 s maximum with the JIT still busy"
                        + " (time spent compiling over the last 10 s: api-service 100 %, bench 0 %)");
    }

    @Test
    void aJvmFirstReadInsideTheWindowHoldsTheWarmUpUntilItsShareIsKnown() throws Exception {
        jvms.put("api-service", compilingUntil(0));
        DoubleUnaryOperator worker = compilingUntil(0);
        jvms.put("worker-service", seconds -> seconds < 28 ? Double.NaN : worker.applyAsDouble(seconds));

        JitWarmup.Outcome outcome = warmup(MINIMUM, MAXIMUM).await();

        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(40));
        assertThat(outcome.settled()).isTrue();
    }

    @Test
    void fallsBackToTheMinimumWhenNoJvmCanBeRead() throws Exception {
        JitWarmup.Outcome outcome = warmup(MINIMUM, MAXIMUM).await();

        assertThat(outcome.took()).isEqualTo(MINIMUM);
        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.describe()).isEqualTo("warm-up 30 s (fixed: no JIT compile time could be read)");
    }

    @Test
    void aZeroMinimumMeansNoWarmUpAtAll() throws Exception {
        jvms.put("api-service", compilingUntil(Double.MAX_VALUE));

        JitWarmup.Outcome outcome = warmup(Duration.ZERO, MAXIMUM).await();

        assertThat(outcome.took()).isZero();
        assertThat(ticker.nanos).isZero();
        assertThat(outcome.describe()).isEqualTo("no warm-up");
    }

    @Test
    void refusesAMaximumShorterThanTheMinimum() {
        assertThatThrownBy(() -> warmup(MINIMUM, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the minimum");
    }

    private JitWarmup warmup(Duration minimum, Duration maximum) {
        return new JitWarmup(minimum, maximum, this::read, ticker);
    }

    /** A JVM whose compilers are busy one second per second until {@code second}, then idle. */
    private static DoubleUnaryOperator compilingUntil(double second) {
        return seconds -> 1000 * Math.min(seconds, second);
    }

    /** NaN from a JVM's function means that JVM cannot be read at that moment. */
    private Map<String, Double> read() {
        double seconds = ticker.nanos / 1e9;
        Map<String, Double> millis = new LinkedHashMap<>();
        jvms.forEach((jvm, compile) -> {
            double value = compile.applyAsDouble(seconds);
            if (!Double.isNaN(value)) {
                millis.put(jvm, value);
            }
        });
        return millis;
    }

    private static final class FakeTicker implements Ticker {
        long nanos;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleepNanos(long nanos) {
            this.nanos += nanos;
        }
    }
}
