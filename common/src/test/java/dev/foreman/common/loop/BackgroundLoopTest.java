package dev.foreman.common.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.foreman.common.loop.BackgroundLoop.Next;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NEVER = Duration.ofHours(1);

    private final AtomicInteger rounds = new AtomicInteger();
    private BackgroundLoop loop;

    @AfterEach
    void stopTheLoop() {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void runsItsRoundsOnAPlatformThreadNamedForTheLoop() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        loop = BackgroundLoop.named("foreman-test-loop", Duration.ofMillis(1)).build(() -> {
            threads.add(Thread.currentThread());
            rounds.incrementAndGet();
            return Next.WHEN_WOKEN;
        });

        loop.start();

        await("two rounds").atMost(WAIT).until(() -> rounds.get() >= 2);
        assertThat(threads.getFirst().getName()).isEqualTo("foreman-test-loop");
        assertThat(threads.getFirst().isVirtual()).isFalse();
        assertThat(threads.getFirst().isDaemon()).isTrue();
        assertThat(loop.isRunning()).isTrue();
    }

    @Test
    void namesEachOfSeveralThreadsAndCanKeepTheJvmAlive() {
        List<String> names = new CopyOnWriteArrayList<>();
        AtomicBoolean daemon = new AtomicBoolean(true);
        CountDownLatch bothRunning = new CountDownLatch(2);
        loop = BackgroundLoop.named("foreman-pair", NEVER)
                .threads(2)
                .keepsJvmAlive()
                .build(() -> {
                    if (!names.contains(Thread.currentThread().getName())) {
                        names.add(Thread.currentThread().getName());
                        daemon.set(Thread.currentThread().isDaemon());
                        bothRunning.countDown();
                    }
                    return Next.WHEN_WOKEN;
                });

        loop.start();

        await("both threads ran a round").atMost(WAIT).until(() -> bothRunning.getCount() == 0);
        assertThat(names).containsExactlyInAnyOrder("foreman-pair-1", "foreman-pair-2");
        assertThat(daemon).isFalse();
    }

    @Test
    void runsTheNextRoundAtOnceWhenWokenInsteadOfWaitingTheIdleInterval() {
        loop = BackgroundLoop.named("foreman-woken", NEVER).build(() -> {
            rounds.incrementAndGet();
            return Next.WHEN_WOKEN;
        });
        loop.start();
        await("the first round").atMost(WAIT).until(() -> rounds.get() == 1);

        loop.wakeUp();

        await("a round after the wake-up").atMost(WAIT).until(() -> rounds.get() == 2);
    }

    @Test
    void aWakeUpDuringARoundIsNotLost() {
        CountDownLatch inFirstRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop = BackgroundLoop.named("foreman-busy", NEVER).build(() -> {
            if (rounds.incrementAndGet() == 1) {
                inFirstRound.countDown();
                release.await();
            }
            return Next.WHEN_WOKEN;
        });
        loop.start();
        await("inside the first round").atMost(WAIT).until(() -> inFirstRound.getCount() == 0);

        loop.wakeUp();
        release.countDown();

        await("a second round for the wake-up sent during the first")
                .atMost(WAIT)
                .until(() -> rounds.get() == 2);
    }

    @Test
    void runsTheNextRoundAtOnceAfterARoundThatFoundWork() {
        loop = BackgroundLoop.named("foreman-busy", NEVER)
                .build(() -> rounds.incrementAndGet() < 5 ? Next.AT_ONCE : Next.WHEN_WOKEN);

        loop.start();

        await("five rounds without a wake-up").atMost(WAIT).until(() -> rounds.get() == 5);
    }

    @Test
    void backsOffAfterFailedRoundsAndRecovers() {
        List<Integer> backOffs = new CopyOnWriteArrayList<>();
        loop = BackgroundLoop.named("foreman-flaky", NEVER)
                .backOff(failures -> {
                    backOffs.add(failures);
                    return Duration.ofMillis(1);
                })
                .build(() -> {
                    if (rounds.incrementAndGet() <= 2) {
                        throw new IllegalStateException("database down");
                    }
                    return Next.WHEN_WOKEN;
                });

        loop.start();

        await("a round after two failures").atMost(WAIT).until(() -> rounds.get() == 3);
        assertThat(backOffs).containsExactly(1, 2);
        assertThat(loop.isRunning()).isTrue();
    }

    @Test
    void aWakeUpDoesNotCutTheBackOffShort() {
        loop = BackgroundLoop.named("foreman-failing", Duration.ofMillis(1))
                .backOff(failures -> NEVER)
                .build(() -> {
                    rounds.incrementAndGet();
                    throw new IllegalStateException("database down");
                });
        loop.start();
        await("the failed round").atMost(WAIT).until(() -> rounds.get() == 1);

        loop.wakeUp();

        await("no round during the back-off")
                .during(Duration.ofMillis(200))
                .atMost(WAIT)
                .until(() -> rounds.get() == 1);
    }

    @Test
    void stoppingEndsTheBackOffAndTheIdleWaitAtOnce() {
        loop = BackgroundLoop.named("foreman-failing", NEVER)
                .backOff(failures -> NEVER)
                .stopWithin(NEVER)
                .build(() -> {
                    rounds.incrementAndGet();
                    throw new IllegalStateException("database down");
                });
        BackgroundLoop idle =
                BackgroundLoop.named("foreman-idle", NEVER).stopWithin(NEVER).build(() -> Next.WHEN_WOKEN);
        loop.start();
        idle.start();
        await("the failed round").atMost(WAIT).until(() -> rounds.get() == 1);

        assertTimeoutPreemptively(WAIT, () -> BackgroundLoop.stopAll(List.of(loop, idle)));

        assertThat(loop.isRunning()).isFalse();
        assertThat(idle.isRunning()).isFalse();
    }

    @Test
    void stopsWithinItsBoundWhenARoundHangsAndInterruptsIt() {
        Semaphore never = new Semaphore(0);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch hanging = new CountDownLatch(1);
        loop = BackgroundLoop.named("foreman-hanging", NEVER)
                .stopWithin(Duration.ofMillis(100))
                .build(() -> {
                    hanging.countDown();
                    never.acquireUninterruptibly();
                    interrupted.set(Thread.currentThread().isInterrupted());
                    return Next.WHEN_WOKEN;
                });
        loop.start();
        await("inside the hanging round").atMost(WAIT).until(() -> hanging.getCount() == 0);

        assertTimeoutPreemptively(WAIT, loop::stop, "stop returned despite the hanging round");

        assertThat(loop.isRunning()).isFalse();
        never.release();
        await("the round saw the interrupt").atMost(WAIT).untilTrue(interrupted);
    }

    @Test
    void interruptsAtOnceWhenBuiltToAndThenRunsWhatComesAfterTheLastRound() {
        CountDownLatch waiting = new CountDownLatch(1);
        List<String> after = new CopyOnWriteArrayList<>();
        loop = BackgroundLoop.named("foreman-interrupted", NEVER)
                .stopWithin(NEVER)
                .interruptToStop()
                .afterLastRound(() -> after.add(Thread.currentThread().getName()))
                .build(() -> {
                    waiting.countDown();
                    new CountDownLatch(1).await();
                    return Next.WHEN_WOKEN;
                });
        loop.start();
        await("inside the waiting round").atMost(WAIT).until(() -> waiting.getCount() == 0);

        loop.stop();

        assertThat(after).containsExactly("foreman-interrupted");
    }

    @Test
    void drainsOnStopUntilARoundFindsNothingToDo() {
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>(List.of(1, 2, 3));
        CountDownLatch inFirstRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> taken = new CopyOnWriteArrayList<>();
        loop = BackgroundLoop.named("foreman-draining", NEVER).drainOnStop().build(() -> {
            if (taken.isEmpty()) {
                inFirstRound.countDown();
                release.await();
            }
            Integer next = queue.poll();
            if (next == null) {
                return Next.WHEN_WOKEN;
            }
            taken.add(next);
            return Next.AT_ONCE;
        });
        loop.start();
        await("inside the first round").atMost(WAIT).until(() -> inFirstRound.getCount() == 0);

        Thread stopping = Thread.ofPlatform().start(loop::stop);
        await("stop asked for").atMost(WAIT).until(loop::isStopping);
        release.countDown();

        await("stopped").atMost(WAIT).until(() -> !stopping.isAlive());
        assertThat(taken).containsExactly(1, 2, 3);
    }

    @Test
    void waitsBeforeTheFirstRoundWhenToldAndStopsDuringThatWait() {
        loop = BackgroundLoop.named("foreman-delayed", NEVER)
                .firstRoundAfter(NEVER)
                .stopWithin(NEVER)
                .build(() -> {
                    rounds.incrementAndGet();
                    return Next.WHEN_WOKEN;
                });
        loop.start();

        loop.stop();

        assertThat(rounds).hasValue(0);
    }

    @Test
    void startsAgainAfterAStop() {
        loop = BackgroundLoop.named("foreman-restarted", NEVER).build(() -> {
            rounds.incrementAndGet();
            return Next.WHEN_WOKEN;
        });
        loop.start();
        await("the first round").atMost(WAIT).until(() -> rounds.get() == 1);
        loop.stop();

        loop.start();

        await("a round after the restart").atMost(WAIT).until(() -> rounds.get() == 2);
        assertThat(loop.isRunning()).isTrue();
    }
}
