package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EventSubscriptionTest {
    private static final UUID TENANT = UUID.randomUUID();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DroppedClients droppedClients = new DroppedClients(meters);

    @Test
    void bothDropReasonsAreCountedFromTheStart() {
        assertThat(dropped(DropReason.BUFFER_FULL)).isZero();
        assertThat(dropped(DropReason.WRITE_STALLED)).isZero();
    }

    @Test
    void aClientWhoseBufferIsFullIsDroppedAndItsHeldEventsReleased() {
        EventSubscription subscription = subscription(2);

        assertThat(subscription.offer(job(1))).isTrue();
        assertThat(subscription.offer(job(2))).isTrue();
        assertThat(subscription.offer(job(3))).as("the third does not fit").isFalse();

        assertThat(subscription.isOpen()).isFalse();
        assertThat(subscription.dropReason()).isEqualTo(DropReason.BUFFER_FULL);
        assertThat(subscription.pollNow()).as("the held events are released").isNull();
        assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void aDroppedClientIsOfferedNothingMoreAndCountedOnce() {
        EventSubscription subscription = subscription(1);
        subscription.offer(job(1));
        subscription.offer(job(2));

        assertThat(subscription.offer(job(3))).isTrue();
        assertThat(subscription.drop(DropReason.WRITE_STALLED))
                .as("its write stalling as well")
                .isFalse();

        assertThat(subscription.pollNow()).isNull();
        assertThat(subscription.dropReason()).isEqualTo(DropReason.BUFFER_FULL);
        assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
        assertThat(dropped(DropReason.WRITE_STALLED)).isZero();
    }

    @Test
    void aClientWhoseWriteStalledIsDroppedForThatReason() {
        EventSubscription subscription = subscription(10);
        subscription.offer(job(1));

        assertThat(subscription.drop(DropReason.WRITE_STALLED)).isTrue();

        assertThat(subscription.isOpen()).isFalse();
        assertThat(subscription.pollNow()).isNull();
        assertThat(subscription.offer(job(2))).isTrue();
        assertThat(subscription.pollNow()).isNull();
        assertThat(dropped(DropReason.WRITE_STALLED)).isEqualTo(1);
        assertThat(dropped(DropReason.BUFFER_FULL)).isZero();
    }

    @Test
    void droppingAClientWakesItsWriterWaitingForEvents() throws InterruptedException {
        EventSubscription subscription = subscription(10);
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean woken = new AtomicBoolean();
        Thread writer = Thread.ofVirtual().start(() -> {
            subscription.writtenBy(Thread.currentThread());
            waiting.countDown();
            try {
                subscription.poll(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                woken.set(true);
            }
        });
        waiting.await();

        subscription.drop(DropReason.BUFFER_FULL);

        await("the writer was interrupted, not left waiting its minute")
                .atMost(Duration.ofSeconds(5))
                .until(() -> !writer.isAlive());
        assertThat(woken).isTrue();
        assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void aWriterDroppingItsOwnClientKeepsNoInterruptPending() {
        EventSubscription subscription = subscription(10);
        subscription.writtenBy(Thread.currentThread());

        subscription.drop(DropReason.WRITE_STALLED);

        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aClosedStreamIsNotCountedAsDropped() {
        EventSubscription subscription = subscription(10);

        subscription.close();

        assertThat(subscription.isOpen()).isFalse();
        assertThat(subscription.isDropped()).isFalse();
        assertThat(dropped(DropReason.BUFFER_FULL) + dropped(DropReason.WRITE_STALLED))
                .isZero();
    }

    @Test
    void eventsOutsideTheFiltersTakeNoRoomInTheBuffer() {
        EventSubscription subscription = new EventSubscription(TENANT, "emails", null, 1, droppedClients);

        assertThat(subscription.offer(job(1, "emails"))).isTrue();
        assertThat(subscription.offer(job(2, "reports"))).isTrue();

        assertThat(subscription.isOpen()).isTrue();
    }

    private EventSubscription subscription(int capacity) {
        return new EventSubscription(TENANT, null, null, capacity, droppedClients);
    }

    private double dropped(DropReason reason) {
        return meters.get("foreman.events.clients.dropped")
                .tag("reason", reason.label())
                .counter()
                .count();
    }

    private static StreamEvent job(long sequence) {
        return job(sequence, "default");
    }

    private static StreamEvent job(long sequence, String queue) {
        return new StreamEvent(
                EventId.entry(1_764_680_000_000L, sequence),
                TENANT,
                StreamEvent.Kind.JOB,
                UUID.randomUUID().toString(),
                queue,
                "{}");
    }
}
