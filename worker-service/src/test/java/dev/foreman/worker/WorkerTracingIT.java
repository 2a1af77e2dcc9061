package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import dev.foreman.testkit.tracing.CapturedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's part of a trace, on real Postgres and Kafka: a dispatch record's {@code traceparent}
 * is continued by the claim, dispatch and finish spans, the target's {@code traceparent} is the
 * dispatch span's, and the callback continues the job's trace. New traces are never sampled here
 * ({@code sampling-probability=0}), so every recorded span is one a sampled parent asked for. Logs
 * are JSON (ECS), and an attempt's log line names its trace, span, job, tenant and queue.
 */
@TestPropertySource(
        properties = {
            "foreman.tracing.enabled=true",
            "foreman.tracing.sampling-probability=0",
            "foreman.worker.callbacks.poll-interval=50ms",
            "logging.structured.format.console=ecs",
            "logging.level.dev.foreman.worker.attempt=debug"
        })
@ExtendWith(OutputCaptureExtension.class)
class WorkerTracingIT extends RunningWorker {
    private static final CapturedSpans SPANS = new CapturedSpans();
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final JsonMapper json = JsonMapper.builder().build();

    @TestConfiguration
    static class Capture {
        @Bean
        SpanProcessor capturedSpans() {
            return SPANS.processor();
        }
    }

    @Test
    void theClaimDispatchAndFinishContinueTheRecordsTraceAndTheTargetGetsTheDispatchSpan() {
        String traceId = newId(16);
        String publishSpan = newId(8);
        Job job = insertQueued(Jobs.aJob().inQueue("traced"));
        relay.publish(job, "00-" + traceId + "-" + publishSpan + "-01");

        awaitState(job, JobState.SUCCEEDED);
        SpanData finish = SPANS.awaitSpan(traceId, "finish", PATIENCE);
        SpanData claim = SPANS.find(traceId, "claim").orElseThrow();
        SpanData dispatch = SPANS.find(traceId, "dispatch").orElseThrow();

        assertThat(claim.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(claim.getParentSpanId()).isEqualTo(publishSpan);
        assertThat(claim.getAttributes().get(AttributeKey.stringKey("foreman.job.id")))
                .isEqualTo(job.id().toString());
        assertThat(dispatch.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(dispatch.getParentSpanId()).isEqualTo(claim.getSpanId());
        assertThat(dispatch.getAttributes().get(AttributeKey.stringKey("http.request.method")))
                .isEqualTo("POST");
        assertThat(dispatch.getAttributes().get(STATUS)).isEqualTo(200L);
        assertThat(dispatch.getAttributes().get(AttributeKey.stringKey("url.full")))
                .isEqualTo(target.url("/hook"));
        assertThat(finish.getParentSpanId()).isEqualTo(claim.getSpanId());
        assertThat(finish.getAttributes().get(AttributeKey.stringKey("foreman.job.state")))
                .isEqualTo("succeeded");

        ReceivedRequest request = target.receivedFor(job.id().toString()).getFirst();
        assertThat(request.header("traceparent")).isEqualTo("00-" + traceId + "-" + dispatch.getSpanId() + "-01");
    }

    @Test
    void anUnsampledTraceGetsNoSpansButTheTargetStaysInIt() {
        String traceId = newId(16);
        String parent = newId(8);
        Job job = insertQueued(Jobs.aJob());
        relay.publish(job, "00-" + traceId + "-" + parent + "-00");

        awaitState(job, JobState.SUCCEEDED);

        String sent = target.receivedFor(job.id().toString()).getFirst().header("traceparent");
        assertThat(sent).matches("00-" + traceId + "-[0-9a-f]{16}-00").doesNotContain(parent);
        assertThat(SPANS.inTrace(traceId)).isEmpty();
    }

    @Test
    void theCallbackContinuesTheTraceTheJobWasSubmittedIn() {
        String traceId = newId(16);
        String submitSpan = newId(8);
        try (StubTarget receiver = StubTarget.start()) {
            Job job = insertInTrace(
                    Jobs.aJob().withCallbackUrl(receiver.url("/done")), "00-" + traceId + "-" + submitSpan + "-01");
            relay.publish(job);

            SpanData callback = SPANS.awaitSpan(traceId, "callback", PATIENCE);

            assertThat(callback.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(callback.getParentSpanId()).isEqualTo(submitSpan);
            assertThat(callback.getAttributes().get(STATUS)).isEqualTo(200L);
            ReceivedRequest delivery = receiver.awaitCount(1, PATIENCE).getFirst();
            assertThat(delivery.header("traceparent")).isEqualTo("00-" + traceId + "-" + callback.getSpanId() + "-01");
        }
    }

    @Test
    void anAttemptsJsonLogLineCarriesItsTraceSpanJobTenantAndQueue(CapturedOutput output) {
        String traceId = newId(16);
        Job job = insertQueued(Jobs.aJob().inQueue("logged"));
        relay.publish(job, "00-" + traceId + "-" + newId(8) + "-01");
        awaitState(job, JobState.SUCCEEDED);
        String claimSpan = SPANS.awaitSpan(traceId, "claim", PATIENCE).getSpanId();

        JsonNode line = await("the attempt's log line")
                .atMost(PATIENCE)
                .until(() -> attemptLine(output, job), Optional::isPresent)
                .orElseThrow();

        assertThat(line.path("trace").path("id").asString()).isEqualTo(traceId);
        assertThat(line.path("span").path("id").asString()).isEqualTo(claimSpan);
        assertThat(line.path("job").path("id").asString()).isEqualTo(job.id().toString());
        assertThat(line.path("tenant").path("id").asString())
                .isEqualTo(tenant.id().toString());
        assertThat(line.path("queue").asString()).isEqualTo("logged");
        assertThat(line.path("log").path("level").asString()).isEqualTo("DEBUG");
    }

    /** The JSON line of the debug message that ends the job's attempt, if it was logged yet. */
    private Optional<JsonNode> attemptLine(CapturedOutput output, Job job) {
        return output.getOut()
                .lines()
                .filter(line -> line.startsWith("{") && line.contains("of job " + job.id() + " ended"))
                .map(json::readTree)
                .findFirst();
    }

    private Job insertInTrace(JobBuilder job, String traceparent) {
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(
                tenant.id(), List.of(job.targeting(target.url("/hook")).build()), clock.instant(), traceparent);
        return inserted.getFirst();
    }

    private static String newId(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
