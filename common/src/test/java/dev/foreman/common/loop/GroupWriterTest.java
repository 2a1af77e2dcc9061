package dev.foreman.common.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HeldWrite write = new HeldWrite();
    private final List<Integer> written = new CopyOnWriteArrayList<>();
    private GroupWriter<String, String> writer;

    @AfterEach
    void stopTheWriter() {
        write.release.countDown();
        if (writer != null) {
            writer.stop();
        }
    }

    @Test
    void writesWhatQueuedDuringAWriteAsOneGroup() {
        writer = started(GroupWriter.named("foreman-test-writer", write).onWritten(written::add));
        CompletableFuture<String> first = submit("a");
        await("the first write").atMost(WAIT).until(() -> write.writing.getCount() == 0);
        List<CompletableFuture<String>> queued = List.of(submit("b"), submit("c"), submit("d"));
        await("three waiting").atMost(WAIT).until(() -> writer.waiting() == 3);

        write.release.countDown();

        assertThat(first.join()).isEqualTo("A");
        assertThat(queued).map(CompletableFuture::join).containsExactly("B", "C", "D");
        assertThat(write.groups).containsExactly(List.of("a"), List.of("b", "c", "d"));
        assertThat(write.threads).containsOnly("foreman-test-writer");
        assertThat(written).containsExactly(1, 3);
    }

    @Test
    void neverPutsMoreThanTheMostWeightIntoOneGroup() {
        writer = started(GroupWriter.named("foreman-test-writer", write)
                .maxWeight(5, String::length)
                .onWritten(written::add));
        CompletableFuture<String> first = submit("a");
        await("the first write").atMost(WAIT).until(() -> write.writing.getCount() == 0);
        List<CompletableFuture<String>> queued = List.of(submit("bb"), submit("cc"), submit("dd"), submit("ee"));
        await("four waiting").atMost(WAIT).until(() -> writer.waiting() == 4);

        write.release.countDown();

        first.join();
        assertThat(queued).map(CompletableFuture::join).containsExactly("BB", "CC", "DD", "EE");
        assertThat(write.groups).containsExactly(List.of("a"), List.of("bb", "cc"), List.of("dd", "ee"));
        assertThat(written).containsExactly(1, 4, 4);
    }

    @Test
    void writesEachItemOfAFailedGroupAloneSoOnlyTheBadOneFails() {
        AtomicInteger fallbacks = new AtomicInteger();
        write.failOn("bad");
        writer = started(GroupWriter.named("foreman-test-writer", write)
                .onWritten(written::add)
                .onFailureWriteEachAlone(fallbacks::incrementAndGet));
        CompletableFuture<String> first = submit("a");
        await("the first write").atMost(WAIT).until(() -> write.writing.getCount() == 0);
        CompletableFuture<String> good = submit("b");
        CompletableFuture<String> bad = submit("bad");
        CompletableFuture<String> alsoGood = submit("c");
        await("three waiting").atMost(WAIT).until(() -> writer.waiting() == 3);

        write.release.countDown();

        assertThat(first.join()).isEqualTo("A");
        assertThat(good.join()).isEqualTo("B");
        assertThat(alsoGood.join()).isEqualTo("C");
        assertThatThrownBy(bad::join).hasRootCauseMessage("refused bad");
        assertThat(write.groups)
                .containsExactly(List.of("a"), List.of("b", "bad", "c"), List.of("b"), List.of("bad"), List.of("c"));
        assertThat(fallbacks).hasValue(1);
        assertThat(written).containsExactly(1, 1, 1);
    }

    @Test
    void failsEveryItemOfAGroupAtOnceWhenTheFailureIsNoItemsFault() {
        AtomicInteger fallbacks = new AtomicInteger();
        writer = started(GroupWriter.named("foreman-test-writer", write)
                .onFailureWriteEachAlone(
                        fallbacks::incrementAndGet,
                        failure -> failure.getMessage().equals("database down")));
        CompletableFuture<String> first = submit("a");
        await("the first write").atMost(WAIT).until(() -> write.writing.getCount() == 0);
        List<CompletableFuture<String>> queued = List.of(submit("b"), submit("c"), submit("d"));
        await("three waiting").atMost(WAIT).until(() -> writer.waiting() == 3);

        write.failTimes(2);

        assertThat(first.join()).isEqualTo("A");
        assertThat(queued).allSatisfy(item -> assertThatThrownBy(item::join).hasRootCauseMessage("database down"));
        assertThat(write.groups).containsExactly(List.of("a"), List.of("b", "c", "d"));
        assertThat(fallbacks).hasValue(0);
    }

    @Test
    void failsALoneItemWithItsOwnErrorWithoutAFallback() {
        AtomicInteger fallbacks = new AtomicInteger();
        write.failOn("bad");
        write.release.countDown();
        writer = started(
                GroupWriter.named("foreman-test-writer", write).onFailureWriteEachAlone(fallbacks::incrementAndGet));

        assertThatThrownBy(() -> submit("bad").join()).hasRootCauseMessage("refused bad");
        assertThat(fallbacks).hasValue(0);
    }

    @Test
    void writesAFailedGroupAgainUntilItsLastTry() {
        write.failTimes(2);
        writer = started(GroupWriter.named("foreman-test-writer", write).onFailureRetry(3, Duration.ofMillis(1)));

        assertThat(submit("a").join()).isEqualTo("A");
        assertThat(write.calls).hasValue(3);
    }

    @Test
    void failsTheGroupOnceEveryTryFailed() {
        write.failTimes(3);
        writer = started(GroupWriter.named("foreman-test-writer", write).onFailureRetry(3, Duration.ofMillis(1)));

        assertThatThrownBy(() -> submit("a").join()).hasRootCauseMessage("database down");
        assertThat(write.calls).hasValue(3);
    }

    @Test
    void writesWhatWasHandedInBeforeStopReturnsAndAdmitsNothingAfter() {
        writer = started(GroupWriter.named("foreman-test-writer", write).threads(2));
        CompletableFuture<String> first = submit("a");
        await("the first write").atMost(WAIT).until(() -> write.writing.getCount() == 0);
        List<CompletableFuture<String>> queued = List.of(submit("b"), submit("c"));

        Thread stopping = Thread.ofPlatform().start(writer::stop);
        await("admission closed").atMost(WAIT).until(() -> !writer.isRunning());
        write.release.countDown();
        await("stopped").atMost(WAIT).until(() -> !stopping.isAlive());

        assertThat(first).isCompletedWithValue("A");
        assertThat(queued).allSatisfy(f -> assertThat(f).isDone());
        assertThat(writer.submit("late")).isEmpty();
    }

    @Test
    void admitsNothingBeforeItStarted() {
        writer = GroupWriter.named("foreman-test-writer", write).build();

        assertThat(writer.submit("early")).isEmpty();
    }

    private GroupWriter<String, String> started(GroupWriter.Builder<String, String> builder) {
        GroupWriter<String, String> started = builder.build();
        started.start();
        return started;
    }

    private CompletableFuture<String> submit(String item) {
        return writer.submit(item).orElseThrow();
    }

    /** Upper-cases each item; holds the first write until released, and fails as told. */
    private static final class HeldWrite implements GroupWriter.Write<String, String> {
        final List<List<String>> groups = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        private volatile String failing;
        private volatile int failures;

        void failOn(String item) {
            failing = item;
        }

        void failTimes(int times) {
            failures = times;
            release.countDown();
        }

        @Override
        public List<String> write(List<String> items) {
            groups.add(List.copyOf(items));
            threads.add(Thread.currentThread().getName());
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("database down");
            }
            if (writing.getCount() > 0) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (items.contains(failing)) {
                throw new IllegalArgumentException("refused " + failing);
            }
            return items.stream().map(String::toUpperCase).toList();
        }
    }
}
