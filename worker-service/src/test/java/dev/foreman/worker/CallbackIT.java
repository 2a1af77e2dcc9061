package dev.foreman.worker;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.callback.Callback;
import dev.foreman.common.callback.CallbackDelivery;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.callback.CallbackState;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Callbacks end to end on real Postgres and Kafka: a job with a {@code callback_url} runs, ends,
 * and its receiver gets the job as JSON, signed, retried with back-off, every delivery recorded.
 */
@TestPropertySource(
        properties = {
            "foreman.worker.callbacks.poll-interval=50ms",
            "foreman.worker.callbacks.min-backoff=100ms",
            "foreman.worker.callbacks.max-backoff=400ms",
            "foreman.worker.callbacks.max-deliveries=4"
        })
class CallbackIT extends RunningWorker {
    @Autowired
    private CallbackRepository callbacks;

    private final JsonMapper json = JsonMapper.builder().build();
    private StubTarget receiver;

    @BeforeEach
    void newReceiver() {
        receiver = StubTarget.start();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void postsTheSucceededJobToItsCallbackUrlSignedWithTheTenantSecret() {
        Job job = runWithCallback(Jobs.aJob()
                .inQueue("emails")
                .ofType("send_welcome")
                .withHeader("Authorization", "Bearer target-secret"));

        Callback callback = awaitCallback(job, CallbackState.DELIVERED);

        ReceivedRequest request = receiver.awaitCount(1, PATIENCE).getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/done");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("Foreman/0.1");
        assertThat(request.header("Foreman-Job-Id")).isEqualTo(job.id().toString());
        assertThat(request.header("Foreman-Callback-Delivery")).isEqualTo("1");
        assertThat(SignatureVerifier.isValid(
                        request.header("Foreman-Signature"), request.body(), tenant.signingSecret(), clock.instant()))
                .as("Foreman-Signature verifies under the tenant's signing secret")
                .isTrue();
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("id").asString()).isEqualTo(job.id().toString());
        assertThat(body.get("state").asString()).isEqualTo("succeeded");
        assertThat(body.get("queue").asString()).isEqualTo("emails");
        assertThat(body.get("type").asString()).isEqualTo("send_welcome");
        assertThat(body.get("attempt").asInt()).isEqualTo(1);
        assertThat(body.get("max_attempts").asInt()).isEqualTo(3);
        assertThat(body.get("callback_url").asString()).isEqualTo(receiver.url("/done"));
        assertThat(body.get("result").get("status").asInt()).isEqualTo(200);
        assertThat(body.get("finished_at").asString()).endsWith("Z");
        // The target's headers often carry its credentials: the receiver sees their names only.
        assertThat(body.get("target").get("headers").get("Authorization").asString())
                .isEqualTo("[hidden]");
        assertThat(request.body()).doesNotContain("target-secret");

        assertThatJob(current(job)).isIn(JobState.SUCCEEDED);
        assertThat(callback.jobState()).isEqualTo("succeeded");
        assertThat(callback.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.delivery()).isEqualTo(1);
            assertThat(delivery.httpStatus()).isEqualTo(200);
            assertThat(delivery.error()).isNull();
        });
    }

    @Test
    void triesAFailingReceiverAgainUntilItAnswers2xx() {
        receiver.failTimes(2, 500);
        Job job = runWithCallback(Jobs.aJob());

        Callback callback = awaitCallback(job, CallbackState.DELIVERED);

        assertThat(callback.deliveries())
                .extracting(CallbackDelivery::delivery, CallbackDelivery::httpStatus)
                .containsExactly(tuple(1, 500), tuple(2, 500), tuple(3, 200));
        assertThat(callback.deliveries())
                .extracting(CallbackDelivery::error)
                .containsExactly("HTTP 500", "HTTP 500", null);
        assertThat(receiver.received())
                .extracting(r -> r.header("Foreman-Callback-Delivery"))
                .containsExactly("1", "2", "3");
        // Each delivery is signed anew, with its own timestamp, over the same body.
        assertThat(receiver.received())
                .allSatisfy(r -> assertThat(SignatureVerifier.isValid(
                                r.header("Foreman-Signature"), r.body(), tenant.signingSecret(), clock.instant()))
                        .isTrue());
    }

    @Test
    void reportsADeadJobAsDead() {
        target.respondWith(400);
        Job job = runWithCallback(Jobs.aJob());

        Callback callback = awaitCallback(job, CallbackState.DELIVERED);

        assertThatJob(current(job)).isIn(JobState.DEAD);
        assertThat(callback.jobState()).isEqualTo("dead");
        JsonNode body = json.readTree(receiver.received().getFirst().body());
        assertThat(body.get("state").asString()).isEqualTo("dead");
        assertThat(body.get("last_error").asString()).isEqualTo("HTTP 400, which is not retryable");
    }

    @Test
    void reportsTheJobAsItEndedThoughAPersonRetriedItBeforeTheCallbackWentOut() {
        target.respondWith(400);
        receiver.failTimes(3, 503);
        Job job = runWithCallback(Jobs.aJob());
        await("first callback delivery of job " + job.id()).atMost(PATIENCE).until(() -> receiver.count() >= 1);

        // The receiver is down; a person retries the dead job meanwhile. Nothing publishes it here,
        // so it stays queued while the callback is delivered again.
        assertThat(jobs.retryByPerson(tenant.id(), job.id(), clock.instant())).isPresent();
        awaitCallback(job, CallbackState.DELIVERED);

        assertThatJob(current(job)).isIn(JobState.QUEUED);
        JsonNode body = json.readTree(receiver.received().getLast().body());
        assertThat(body.get("state").asString()).isEqualTo("dead");
        assertThat(body.get("last_error").asString()).isEqualTo("HTTP 400, which is not retryable");
        assertThat(body.get("finished_at").asString()).endsWith("Z");
    }

    @Test
    void givesUpOnAReceiverThatNeverAnswers2xxAfterMaxDeliveries() {
        receiver.respondWith(503);
        Job job = runWithCallback(Jobs.aJob());

        Callback callback = awaitCallback(job, CallbackState.FAILED);

        assertThat(callback.deliveries())
                .hasSize(4)
                .allSatisfy(delivery -> assertThat(delivery.httpStatus()).isEqualTo(503));
        assertThat(receiver.count()).isEqualTo(4);
    }

    /** Inserts the job with the receiver as its callback and publishes it; the worker runs it. */
    private Job runWithCallback(JobBuilder builder) {
        Job job = insertQueued(builder.withCallbackUrl(receiver.url("/done")));
        relay.publish(job);
        return job;
    }

    private Callback awaitCallback(Job job, CallbackState state) {
        return await("callback of job " + job.id() + " " + state.wireName())
                .atMost(PATIENCE)
                .until(
                        () -> callbacks.findByTenantAndJob(tenant.id(), job.id()),
                        found -> found.size() == 1 && found.getFirst().state() == state)
                .getFirst();
    }
}
