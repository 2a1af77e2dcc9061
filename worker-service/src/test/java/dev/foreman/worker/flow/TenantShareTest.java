package dev.foreman.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Priority;
import dev.foreman.testkit.time.MutableClock;
import dev.foreman.worker.WorkerPropertiesFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantShareTest {
    private static final Duration WAIT = Duration.ofMillis(200);

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T12:00:00Z"));
    private final UUID hog = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aTenantsCapIsItsShareOfTheWorkersSlotsAndAtLeastOne() {
        assertThat(TenantShare.capOf(0.5, 1024)).isEqualTo(512);
        assertThat(TenantShare.capOf(0.3, 16)).isEqualTo(5);
        assertThat(TenantShare.capOf(0.0001, 16)).isEqualTo(1);
        assertThat(share(0.5).cap()).isEqualTo(8);
    }

    @Test
    void aTenantBelowItsCapStartsAtOnceAndOtherTenantsHaveTheirOwnCap() throws Exception {
        TenantShare share = share(0.5);
        for (int i = 0; i < 8; i++) {
            assertThat(share.acquire(hog, Priority.NORMAL)).isTrue();
        }
        assertThat(share.inUse(hog)).isEqualTo(8);
        assertThat(share.acquire(other, Priority.NORMAL)).isTrue();
    }

    @Test
    void anAttemptOverTheCapStartsAsSoonAsOneOfItsTenantsAttemptsEnds() throws Exception {
        TenantShare share = share(0.5);
        for (int i = 0; i < 8; i++) {
            share.acquire(hog, Priority.NORMAL);
        }
        CompletableFuture<Boolean> waiting =
                CompletableFuture.supplyAsync(() -> acquire(share, hog, Priority.NORMAL), threads);
        assertThat(share.release(hog))
                .as("nothing was parked, so nothing to wake")
                .isFalse();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(share.inUse(hog)).isEqualTo(8);
    }

    @Test
    void anAttemptWaitsPastTheWaitWhileItsTenantsAttemptsKeepEnding() throws Exception {
        Duration wait = Duration.ofSeconds(1);
        TenantShare share = share(0.5, wait);
        for (int i = 0; i < 8; i++) {
            share.acquire(hog, Priority.NORMAL);
        }
        CompletableFuture<Boolean> first =
                CompletableFuture.supplyAsync(() -> acquire(share, hog, Priority.NORMAL), threads);
        await().pollInterval(Duration.ofMillis(5)).until(() -> share.waiting(hog) == 1);
        CompletableFuture<Boolean> second =
                CompletableFuture.supplyAsync(() -> acquire(share, hog, Priority.NORMAL), threads);
        await().pollInterval(Duration.ofMillis(5)).until(() -> share.waiting(hog) == 2);

        share.release(hog);
        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        await().during(wait.multipliedBy(3).dividedBy(2))
                .atMost(wait.multipliedBy(3))
                .until(() -> !second.isDone());
        share.release(hog);

        assertThat(second.get(5, TimeUnit.SECONDS))
                .as("waited on: an attempt ended in its wait")
                .isTrue();
    }

    @Test
    void aTenantWhoseAttemptsDoNotEndIsParkedAfterTheWaitThenAtOnceUntilOneEnds() throws Exception {
        TenantShare share = share(0.5);
        for (int i = 0; i < 8; i++) {
            share.acquire(hog, Priority.NORMAL);
        }
        long before = System.nanoTime();
        assertThat(share.acquire(hog, Priority.NORMAL))
                .as("parked after waiting")
                .isFalse();
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(WAIT.toNanos());

        long again = System.nanoTime();
        assertThat(share.acquire(hog, Priority.NORMAL))
                .as("parked at once while saturated")
                .isFalse();
        assertThat(System.nanoTime() - again).isLessThan(WAIT.toNanos());
        assertThat(share.acquire(other, Priority.NORMAL))
                .as("another tenant is not held back")
                .isTrue();

        share.release(hog);
        assertThat(share.acquire(hog, Priority.NORMAL))
                .as("an ended attempt's permit")
                .isTrue();
        CompletableFuture<Boolean> waiting =
                CompletableFuture.supplyAsync(() -> acquire(share, hog, Priority.NORMAL), threads);
        share.release(hog);
        assertThat(waiting.get(5, TimeUnit.SECONDS))
                .as("waits again once one ended")
                .isTrue();
    }

    @Test
    void anEndingAttemptAsksToWakeAParkedJobOfItsTenantWhenNoneWaits() throws Exception {
        TenantShare share = share(0.5);
        for (int i = 0; i < 8; i++) {
            share.acquire(hog, Priority.NORMAL);
        }
        assertThat(share.acquire(hog, Priority.NORMAL)).isFalse();

        assertThat(share.release(hog)).isTrue();
        clock.advance(TenantShare.PARKED_WAKES.plusSeconds(1));
        assertThat(share.release(hog)).as("nothing parked for a while").isFalse();
    }

    @Test
    void aFreedPermitGoesToTheHighestPriorityWaiterThenInClaimOrder() throws Exception {
        TenantShare share = share(0.5, Duration.ofSeconds(30));
        for (int i = 0; i < 8; i++) {
            share.acquire(hog, Priority.NORMAL);
        }
        List<String> started = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (String name : List.of("low-1", "normal-1", "low-2", "high-1", "normal-2")) {
            Priority priority =
                    Priority.valueOf(name.substring(0, name.indexOf('-')).toUpperCase(Locale.ROOT));
            int before = share.waiting(hog);
            waiters.add(CompletableFuture.runAsync(
                    () -> {
                        if (acquire(share, hog, priority)) {
                            started.add(name);
                        }
                    },
                    threads));
            await().pollInterval(Duration.ofMillis(5)).until(() -> share.waiting(hog) == before + 1);
        }

        for (int i = 1; i <= 5; i++) {
            share.release(hog);
            int count = i;
            await().pollInterval(Duration.ofMillis(5)).until(() -> started.size() == count);
        }

        assertThat(started).containsExactly("high-1", "normal-1", "normal-2", "low-1", "low-2");
        assertThat(share.waiting(hog)).isZero();
        assertThat(share.inUse(hog)).isEqualTo(8);
    }

    @Test
    void anAbortedWaiterLeavesTheQueueAndTheNextWaiterGetsTheFreedPermit() throws Exception {
        TenantShare share = share(0.5, Duration.ofSeconds(30));
        for (int i = 0; i < 8; i++) {
            share.acquire(hog, Priority.NORMAL);
        }
        Future<?> aborted = threads.submit(() -> acquire(share, hog, Priority.HIGH));
        await().pollInterval(Duration.ofMillis(5)).until(() -> share.waiting(hog) == 1);
        CompletableFuture<Boolean> next =
                CompletableFuture.supplyAsync(() -> acquire(share, hog, Priority.LOW), threads);
        await().pollInterval(Duration.ofMillis(5)).until(() -> share.waiting(hog) == 2);

        aborted.cancel(true);
        await().pollInterval(Duration.ofMillis(5)).until(() -> share.waiting(hog) == 1);
        share.release(hog);

        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(share.inUse(hog)).isEqualTo(8);
    }

    @Test
    void aShareOfOneCapsNothing() throws Exception {
        TenantShare share = share(1);
        for (int i = 0; i < 100; i++) {
            assertThat(share.acquire(hog, Priority.NORMAL)).isTrue();
        }
        assertThat(share.release(hog)).isFalse();
    }

    private TenantShare share(double tenantShare) {
        return share(tenantShare, WAIT);
    }

    private TenantShare share(double tenantShare, Duration wait) {
        return new TenantShare(
                new FlowProperties(
                        tenantShare, Duration.ofSeconds(10), Duration.ofSeconds(1), wait, Duration.ofMillis(500)),
                WorkerPropertiesFixtures.smallWorker("tenant-share-test"),
                clock);
    }

    private static boolean acquire(TenantShare share, UUID tenant, Priority priority) {
        try {
            return share.acquire(tenant, priority);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
