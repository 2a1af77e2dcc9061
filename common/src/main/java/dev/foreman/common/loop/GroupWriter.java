package dev.foreman.common.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand in items and get a future; writer threads each take whatever has
 * queued up (up to a total weight, the first item always) and write it in one go. Under load one
 * write carries many items; a lone item is written at once, with no timer to wait for.
 *
 * <p>When writing a group fails, the writer either writes each item again on its own (so one bad
 * item fails alone) or tries the whole group again a few times, as built. Stopping closes the
 * admission first ({@link #submit} then answers empty, and the caller decides what that means), then
 * writes everything already handed in, within the loop's bound; what is left after that fails.
 *
 * @param <I> what callers hand in
 * @param <R> what each item's write answers
 */
public final class GroupWriter<I, R> implements BackgroundWork {
    private static final Logger log = LoggerFactory.getLogger(GroupWriter.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);

    /** Writes items in one go; answers one result per item, in their order. */
    @FunctionalInterface
    public interface Write<I, R> {
        List<R> write(List<I> items);
    }

    private final String name;
    private final Write<I, R> write;
    private final ToIntFunction<I> weight;
    private final int maxWeight;
    private final IntConsumer written;
    private final Recovery recovery;
    private final LinkedBlockingDeque<Pending<I, R>> queue = new LinkedBlockingDeque<>();
    // Submitting holds the read lock while it checks `accepting` and queues, stopping takes the write
    // lock to clear it: once stopped, nothing can join the queue behind the writers' last look.
    private final ReadWriteLock admission = new ReentrantReadWriteLock();
    private final BackgroundLoop loop;
    private volatile boolean accepting;

    private GroupWriter(Builder<I, R> builder) {
        this.name = builder.name;
        this.write = builder.write;
        this.weight = builder.weight;
        this.maxWeight = builder.maxWeight;
        this.written = builder.written;
        this.recovery = builder.recovery;
        this.loop = BackgroundLoop.named(builder.name, IDLE_POLL)
                .threads(builder.threads)
                .drainOnStop()
                .stopWithin(builder.stopWithin)
                .failureMessage("Writing a group failed unexpectedly")
                .build(this::writeNextGroup);
    }

    /**
     * A writer whose threads are named {@code name}, writing with {@code write}; by default one
     * thread, groups of up to 100 items, and a failed group failing every item.
     */
    public static <I, R> Builder<I, R> named(String name, Write<I, R> write) {
        return new Builder<>(name, write);
    }

    /**
     * Queues {@code item} for the next group.
     *
     * @return completes with the item's result, or exceptionally when it could not be written;
     *     empty when the writer is not running (not started, or stopped)
     */
    public Optional<CompletableFuture<R>> submit(I item) {
        Pending<I, R> pending = new Pending<>(item, weight.applyAsInt(item), new CompletableFuture<>());
        admission.readLock().lock();
        try {
            if (!accepting) {
                return Optional.empty();
            }
            queue.add(pending);
        } finally {
            admission.readLock().unlock();
        }
        loop.wakeUp();
        return Optional.of(pending.result());
    }

    /** Items handed in and not yet taken into a group. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void start() {
        admission.writeLock().lock();
        try {
            loop.start();
            accepting = true;
        } finally {
            admission.writeLock().unlock();
        }
    }

    /** Closes the admission, writes what was handed in, then stops the threads. */
    @Override
    public void stop() {
        admission.writeLock().lock();
        try {
            accepting = false;
        } finally {
            admission.writeLock().unlock();
        }
        loop.stop();
        for (Pending<I, R> left = queue.poll(); left != null; left = queue.poll()) {
            left.result().completeExceptionally(new IllegalStateException(name + " has stopped"));
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    private BackgroundLoop.Next writeNextGroup() throws InterruptedException {
        Pending<I, R> first = queue.poll();
        if (first == null) {
            return BackgroundLoop.Next.WHEN_WOKEN;
        }
        List<Pending<I, R>> group = new ArrayList<>();
        group.add(first);
        int total = first.weight();
        Pending<I, R> next;
        while (total < maxWeight && (next = queue.poll()) != null) {
            if (total + next.weight() > maxWeight) {
                // First in line for the next group, whichever writer takes it.
                queue.addFirst(next);
                break;
            }
            group.add(next);
            total += next.weight();
        }
        try {
            writeGroup(group, total);
        } catch (InterruptedException e) {
            group.forEach(p -> p.result().completeExceptionally(e));
            throw e;
        }
        return BackgroundLoop.Next.AT_ONCE;
    }

    private void writeGroup(List<Pending<I, R>> group, int total) throws InterruptedException {
        try {
            writeAll(group, total);
        } catch (RuntimeException | Error e) {
            recovery.recover(this, group, total, e);
        }
    }

    private void writeAll(List<Pending<I, R>> group, int total) {
        List<R> results = write.write(group.stream().map(Pending::item).toList());
        written.accept(total);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }

    /** What a writer does with a group whose write failed. */
    private interface Recovery {
        <I, R> void recover(GroupWriter<I, R> writer, List<Pending<I, R>> group, int total, Throwable failure)
                throws InterruptedException;
    }

    /**
     * Writes each item of a failed group on its own, so only the items that fail alone fail; unless
     * the failure would fail every item alike (the database is down), which fails the group at once
     * rather than making its last item wait for one failed write per item before it.
     */
    private record WriteEachAlone(Runnable onFallback, Predicate<Throwable> failsEveryItem) implements Recovery {
        @Override
        public <I, R> void recover(GroupWriter<I, R> writer, List<Pending<I, R>> group, int total, Throwable failure) {
            if (group.size() == 1 || failsEveryItem.test(failure)) {
                group.forEach(pending -> pending.result().completeExceptionally(failure));
                return;
            }
            onFallback.run();
            log.warn(
                    "{}: a group of {} failed to write ({}); writing each on its own",
                    writer.name,
                    group.size(),
                    failure.toString());
            for (Pending<I, R> pending : group) {
                try {
                    writer.writeAll(List.of(pending), pending.weight());
                } catch (RuntimeException | Error e) {
                    pending.result().completeExceptionally(e);
                }
            }
        }
    }

    /** Writes a failed group again, up to {@code maxTries} in all, {@code pause} apart; then fails it. */
    private record Retry(int maxTries, Duration pause) implements Recovery {
        @Override
        public <I, R> void recover(GroupWriter<I, R> writer, List<Pending<I, R>> group, int total, Throwable failure)
                throws InterruptedException {
            Throwable last = failure;
            for (int tries = 1; tries < maxTries; tries++) {
                log.warn(
                        "{}: writing a group of {} failed (try {} of {}); trying again in {}: {}",
                        writer.name,
                        group.size(),
                        tries,
                        maxTries,
                        pause,
                        last.toString());
                Thread.sleep(pause);
                try {
                    writer.writeAll(group, total);
                    return;
                } catch (RuntimeException | Error e) {
                    last = e;
                }
            }
            Throwable failed = last;
            group.forEach(p -> p.result().completeExceptionally(failed));
        }
    }

    private record Pending<I, R>(I item, int weight, CompletableFuture<R> result) {}

    /** How a group writer writes. */
    public static final class Builder<I, R> {
        private final String name;
        private final Write<I, R> write;
        private int threads = 1;
        private ToIntFunction<I> weight = item -> 1;
        private int maxWeight = 100;
        private IntConsumer written = total -> {};
        private Recovery recovery = new Retry(1, Duration.ZERO);
        private Duration stopWithin = Duration.ofSeconds(30);

        private Builder(String name, Write<I, R> write) {
            this.name = Objects.requireNonNull(name, "name");
            this.write = Objects.requireNonNull(write, "write");
        }

        /** How many threads write groups at once. */
        public Builder<I, R> threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The most weight one group carries, each item weighing {@code weight}; an item heavier than
         * that is written alone.
         */
        public Builder<I, R> maxWeight(int maxWeight, ToIntFunction<I> weight) {
            this.maxWeight = maxWeight;
            this.weight = Objects.requireNonNull(weight);
            return this;
        }

        /** Told the total weight of every write that succeeded, a group's or a lone item's. */
        public Builder<I, R> onWritten(IntConsumer written) {
            this.written = Objects.requireNonNull(written);
            return this;
        }

        /** When a group of more than one fails, writes each item alone after telling {@code onFallback}. */
        public Builder<I, R> onFailureWriteEachAlone(Runnable onFallback) {
            return onFailureWriteEachAlone(onFallback, failure -> false);
        }

        /**
         * As {@link #onFailureWriteEachAlone(Runnable)}, except that a failure {@code failsEveryItem}
         * recognises (one no item caused, such as a database that cannot be reached) fails the whole
         * group at once, without writing each item alone.
         */
        public Builder<I, R> onFailureWriteEachAlone(Runnable onFallback, Predicate<Throwable> failsEveryItem) {
            this.recovery =
                    new WriteEachAlone(Objects.requireNonNull(onFallback), Objects.requireNonNull(failsEveryItem));
            return this;
        }

        /** When a group fails, writes it again, up to {@code maxTries} in all, {@code pause} apart. */
        public Builder<I, R> onFailureRetry(int maxTries, Duration pause) {
            this.recovery = new Retry(maxTries, Objects.requireNonNull(pause));
            return this;
        }

        /** How long stopping waits for the writers to write what was handed in (default 30 s). */
        public Builder<I, R> stopWithin(Duration bound) {
            this.stopWithin = Objects.requireNonNull(bound);
            return this;
        }

        public GroupWriter<I, R> build() {
            return new GroupWriter<>(this);
        }
    }
}
