package dev.foreman.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.client.errors.ConflictException;
import dev.foreman.client.errors.NotFoundException;
import dev.foreman.client.errors.UnauthorizedException;
import dev.foreman.client.errors.ValidationException;
import dev.foreman.client.signature.SignatureVerifier;
import dev.foreman.devstack.SharedSystem;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client library against the whole system: submits, reads, errors, schedules, signatures. */
class ClientIT {
    private final SharedSystem stack = SharedSystem.get();
    private TestTenant tenant;
    private Foreman foreman;
    private StubTarget target;

    @BeforeEach
    void start() {
        tenant = stack.newTenant("client");
        foreman = clientFor(tenant.apiKey());
        target = StubTarget.start();
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private Foreman clientFor(String apiKey) {
        return Foreman.builder().baseUrl(stack.apiUrl()).apiKey(apiKey).build();
    }

    @Test
    void aSubmittedJobIsDeliveredAndAwaitTerminalAnswersItSucceeded() {
        Job submitted = foreman.jobs()
                .submit(JobSpec.to(target.url("/hook"))
                        .queue("client")
                        .type("hello")
                        .payload(Map.of("user_id", 42))
                        .label("team", "growth")
                        .build());

        Job ended = foreman.jobs().awaitTerminal(submitted.id(), Duration.ofSeconds(30));

        assertThat(submitted.state()).isIn(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(ended.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(ended.result().status()).isEqualTo(200);
        assertThat(ended.labels()).containsEntry("team", "growth");
        assertThat(foreman.jobs().attempts(ended.id()))
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo("succeeded"));
        assertThat(Foreman.jsonMapper()
                        .readTree(
                                target.receivedFor(ended.id().toString()).get(0).body()))
                .isEqualTo(Foreman.jsonMapper().readTree("{\"user_id\":42}"));
    }

    @Test
    void theSameIdempotencyKeyTwiceStoresOneJobAndTheSecondAnswerIsAReplay() {
        JobSpec spec = JobSpec.to(target.url("/hook"))
                .idempotencyKey("client-" + UUID.randomUUID())
                .build();

        Jobs.Submitted first = foreman.jobs().submitted(spec);
        Jobs.Submitted second = foreman.jobs().submitted(spec);

        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
    }

    @Test
    void aBatchIsStoredAndListStreamsAcrossPages() {
        List<JobSpec> specs = IntStream.range(0, 7)
                .mapToObj(i -> JobSpec.to(target.url("/batch"))
                        .queue("paged")
                        .type("t" + i)
                        .build())
                .toList();

        List<Job> stored = foreman.jobs().submitBatch(specs);
        List<UUID> listed = foreman.jobs()
                .list(JobQuery.all().queue("paged").pageSize(3))
                .map(Job::id)
                .toList();

        assertThat(stored).hasSize(7);
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(
                        stored.stream().map(Job::id).toList());
    }

    @Test
    void documentedErrorsArriveAsTypedExceptionsWithTheirCode() {
        Job done = foreman.jobs()
                .awaitTerminal(
                        foreman.jobs()
                                .submit(JobSpec.to(target.url("/done")).build())
                                .id(),
                        Duration.ofSeconds(30));

        assertThatThrownBy(() -> foreman.jobs().cancel(done.id()))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo("job_not_cancellable"));
        assertThatThrownBy(() -> foreman.jobs().get(UUID.randomUUID()))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThatThrownBy(
                        () -> foreman.jobs().submit(JobSpec.to("ftp://nowhere").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("validation_failed");
                    assertThat(e.errors()).extracting(error -> error.field()).contains("target.url");
                });
        assertThatThrownBy(() -> clientFor("fm_not_a_key").jobs().get(done.id()))
                .isInstanceOfSatisfying(
                        UnauthorizedException.class, e -> assertThat(e.code()).isEqualTo("unauthorized"));
    }

    @Test
    void aDeadJobIsRetriedFromTheDeadLetterQueue() {
        target.respondWith(400);
        Job dead = foreman.jobs()
                .awaitTerminal(
                        foreman.jobs()
                                .submit(JobSpec.to(target.url("/reject"))
                                        .queue("dlq-client")
                                        .build())
                                .id(),
                        Duration.ofSeconds(30));
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(foreman.deadLetters()
                        .list(JobQuery.all().queue("dlq-client"))
                        .map(Job::id))
                .containsExactly(dead.id());

        target.respondWith(200);
        foreman.deadLetters().retry(dead.id());

        assertThat(foreman.jobs()
                        .awaitTerminal(dead.id(), Duration.ofSeconds(30))
                        .state())
                .isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aScheduleIsCreatedPausedAndTriggered() {
        Schedule created = foreman.schedules()
                .create(ScheduleSpec.named("nightly-" + UUID.randomUUID())
                        .cron("0 3 * * *")
                        .timeZone("Europe/Berlin")
                        .job(JobSpec.to(target.url("/nightly")).type("report").build()));

        Schedule paused = foreman.schedules().pause(created.id());
        Job triggered = foreman.schedules().trigger(created.id());

        assertThat(created.nextFireTimes()).hasSize(5);
        assertThat(paused.paused()).isTrue();
        assertThat(foreman.jobs()
                        .awaitTerminal(triggered.id(), Duration.ofSeconds(30))
                        .scheduleId())
                .isEqualTo(created.id());
        assertThat(foreman.schedules().list().map(Schedule::id)).contains(created.id());
    }

    @Test
    void theTargetVerifiesARealDispatchWithTheTenantsSigningSecret() {
        Job job = foreman.jobs()
                .submit(JobSpec.to(target.url("/signed"))
                        .payload(Map.of("n", 1))
                        .build());
        foreman.jobs().awaitTerminal(job.id(), Duration.ofSeconds(30));
        ReceivedRequest request = target.receivedFor(job.id().toString()).get(0);
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);

        assertThat(SignatureVerifier.forSecrets(List.of(tenant.signingSecret()))
                        .verify(request.header("Foreman-Signature"), body))
                .isTrue();
        assertThat(SignatureVerifier.forSecrets(List.of("whsec_wrong"))
                        .verify(request.header("Foreman-Signature"), body))
                .isFalse();
    }

    @Test
    void aSubmitWhoseFirstAnswerWasLostIsRetriedAndStoresOneJob() {
        try (LosingProxy proxy = LosingProxy.losingFirstSubmit(stack.apiUrl())) {
            Foreman throughProxy = Foreman.builder()
                    .baseUrl(proxy.url())
                    .apiKey(tenant.apiKey())
                    .build();

            Job job = throughProxy
                    .jobs()
                    .submit(JobSpec.to(target.url("/once")).queue("lost-answer").build());

            assertThat(proxy.submitsForwarded()).isEqualTo(2);
            assertThat(foreman.jobs().list(JobQuery.all().queue("lost-answer")).map(Job::id))
                    .containsExactly(job.id());
        }
    }

    @Test
    void eventsArriveLiveAndASubscriptionResumesAfterTheLastEventItSaw() throws InterruptedException {
        BlockingQueue<JobEvent> live = new LinkedBlockingQueue<>();
        CountDownLatch connected = new CountDownLatch(1);
        Job first;
        String lastSeen;
        try (EventSubscription subscription = foreman.events(EventFilter.all(), recorder(live, connected))) {
            assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
            first = foreman.jobs()
                    .submit(JobSpec.to(target.url("/live")).queue("events").build());
            awaitState(live, first.id(), JobState.SUCCEEDED);
            lastSeen = subscription.lastEventId();
        }
        Job second = foreman.jobs()
                .submit(JobSpec.to(target.url("/missed")).queue("events").build());
        foreman.jobs().awaitTerminal(second.id(), Duration.ofSeconds(30));

        BlockingQueue<JobEvent> resumed = new LinkedBlockingQueue<>();
        try (EventSubscription ignored =
                foreman.events(EventFilter.all().after(lastSeen), recorder(resumed, new CountDownLatch(1)))) {
            List<JobEvent> missed = awaitState(resumed, second.id(), JobState.SUCCEEDED);

            assertThat(missed).extracting(JobEvent::id).doesNotContain(first.id());
            assertThat(missed)
                    .extracting(JobEvent::state)
                    .containsSubsequence(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
        }
    }

    @Test
    void anAdminKeyCreatesAMemberKeyAndARevokedKeyIsRefused() {
        NewApiKey member = foreman.keys().create("client-it", "member", null);
        Foreman asMember = clientFor(member.key());
        asMember.jobs().list(JobQuery.all()).findFirst();

        assertThat(foreman.keys().list()).extracting(ApiKey::id).contains(member.id());
        foreman.keys().revoke(member.id());
        assertThatThrownBy(() -> asMember.jobs().list(JobQuery.all()).findFirst())
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aPausedQueueShowsPausedAndResumes() {
        String queue = "client-q-" + UUID.randomUUID().toString().substring(0, 8);

        Queue paused = foreman.queues().pause(queue);
        Queue limited = foreman.queues()
                .update(queue, QueueSettings.change().maxConcurrency(2).rateLimit(5, 5));
        Queue resumed = foreman.queues().resume(queue);

        assertThat(paused.paused()).isTrue();
        assertThat(limited.maxConcurrency()).isEqualTo(2);
        assertThat(limited.rateLimit().perSecond()).isEqualTo(5.0);
        assertThat(resumed.paused()).isFalse();
        assertThat(foreman.queues().list()).extracting(Queue::name).contains(queue);
    }

    private static EventListener recorder(BlockingQueue<JobEvent> events, CountDownLatch connected) {
        return new EventListener() {
            @Override
            public void onJob(JobEvent event) {
                events.add(event);
            }

            @Override
            public void onConnected() {
                connected.countDown();
            }
        };
    }

    /** The events taken from {@code events} until {@code job} reached {@code state}, within 30 s. */
    private static List<JobEvent> awaitState(BlockingQueue<JobEvent> events, UUID job, JobState state)
            throws InterruptedException {
        List<JobEvent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JobEvent event = events.poll(1, TimeUnit.SECONDS);
            if (event != null) {
                taken.add(event);
                if (event.id().equals(job) && event.state() == state) {
                    return taken;
                }
            }
        }
        throw new AssertionError("no " + state.wireName() + " event for " + job + " within 30 s; saw " + taken);
    }
}
