package dev.foreman.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import dev.foreman.testkit.tracing.CapturedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace from the client's request to the target, on real Postgres, Kafka and Redis with the
 * three services running and their spans captured in memory: submit (api-service) → publish
 * (api-service) → claim → dispatch (worker-service) → the target's {@code traceparent}, each the
 * parent of the next; a retry's attempt in the same trace; a cron fire in a trace of its own that
 * links to the schedule's.
 */
class TracingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("foreman.attempt");
    private static final CapturedSpans SPANS = new CapturedSpans();

    private static RunningServices services;
    private static TestTenant tenant;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTracedServices() {
        TestInfrastructure infra = TestInfrastructure.shared();
        ApplicationContextInitializer<ConfigurableApplicationContext> capture =
                context -> context.getBeanFactory().registerSingleton("capturedSpans", SPANS.processor());
        services = RunningServices.start(
                infra,
                RunningServices.ServicePorts.ANY,
                ApiKeys.newKey(),
                Map.of(
                        "foreman.tracing.enabled", "true",
                        "foreman.tracing.sampling-probability", "1.0",
                        "foreman.worker.consumer-group", "tracing-it"),
                List.of(capture));
        tenant = infra.createTenant("tracing-it");
    }

    @AfterAll
    static void stopThem() {
        services.close();
    }

    @Test
    void aSubmitIsOneTraceFromTheClientThroughPublishClaimAndDispatchToTheTarget() throws Exception {
        String traceId = newId(16);
        String clientSpan = newId(8);

        ReceivedRequest delivery;
        try (StubTarget target = StubTarget.start()) {
            submit(target.url("/traced"), "00-" + traceId + "-" + clientSpan + "-01", Map.of());
            delivery = target.awaitCount(1, PATIENCE).getFirst();
        }
        SpanData finish = SPANS.awaitSpan(traceId, "finish", PATIENCE);

        SpanData submit = SPANS.find(traceId, "submit").orElseThrow();
        SpanData publish = SPANS.find(traceId, "publish").orElseThrow();
        SpanData claim = SPANS.find(traceId, "claim").orElseThrow();
        SpanData dispatch = SPANS.find(traceId, "dispatch").orElseThrow();
        assertThat(submit.getParentSpanId()).isEqualTo(clientSpan);
        assertThat(submit.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(publish.getParentSpanId()).isEqualTo(submit.getSpanId());
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(claim.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(claim.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(dispatch.getParentSpanId()).isEqualTo(claim.getSpanId());
        assertThat(dispatch.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(finish.getParentSpanId()).isEqualTo(claim.getSpanId());
        assertThat(delivery.header("traceparent")).isEqualTo("00-" + traceId + "-" + dispatch.getSpanId() + "-01");
        assertThat(List.of(submit, publish))
                .allSatisfy(span ->
                        assertThat(span.getResource().getAttribute(SERVICE)).isEqualTo("api-service"));
        assertThat(List.of(claim, dispatch, finish))
                .allSatisfy(span ->
                        assertThat(span.getResource().getAttribute(SERVICE)).isEqualTo("worker-service"));
    }

    @Test
    void aRetrysAttemptIsPublishedAndDispatchedInTheTraceOfTheSubmit() throws Exception {
        String traceId = newId(16);
        List<SpanData> dispatches;
        try (StubTarget target = StubTarget.start().failTimes(1, 503)) {
            submit(
                    target.url("/retried"),
                    "00-" + traceId + "-" + newId(8) + "-01",
                    Map.of("retry", Map.of("max_attempts", 3, "min_backoff", "100ms", "max_backoff", "200ms")));

            dispatches = await("two dispatches in the submit's trace")
                    .atMost(PATIENCE)
                    .until(
                            () -> SPANS.inTrace(traceId).stream()
                                    .filter(span -> span.getName().equals("dispatch"))
                                    .toList(),
                            found -> found.size() == 2);
        }
        SpanData submit = SPANS.find(traceId, "submit").orElseThrow();
        List<SpanData> publishes = SPANS.inTrace(traceId).stream()
                .filter(span -> span.getName().equals("publish"))
                .toList();
        assertThat(publishes)
                .hasSize(2)
                .allSatisfy(publish -> assertThat(publish.getParentSpanId()).isEqualTo(submit.getSpanId()));
        assertThat(dispatches)
                .extracting(span -> span.getAttributes().get(ATTEMPT))
                .containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aCronFireStartsATraceOfItsOwnLinkedToTheSchedulesCreation() throws Exception {
        try (StubTarget target = StubTarget.start()) {
            cronFireLinksToTheSchedulesCreation(target);
        }
    }

    private void cronFireLinksToTheSchedulesCreation(StubTarget target) throws Exception {
        String traceId = newId(16);
        HttpResponse<String> created = post(
                "/v1/schedules",
                "00-" + traceId + "-" + newId(8) + "-01",
                Map.of(
                        "name",
                        "traced-" + newId(4),
                        "cron",
                        "* * * * * *",
                        "job",
                        Map.of("queue", "cron-traced", "target", Map.of("url", target.url("/cron")))));
        assertThat(created.statusCode()).isEqualTo(201);
        String scheduleId = json.readTree(created.body()).get("id").asString();
        SpanData creation = SPANS.awaitSpan(traceId, "create schedule", PATIENCE);

        SpanData fire = await("a fire of schedule " + scheduleId)
                .atMost(PATIENCE)
                .until(
                        () -> SPANS.all().stream()
                                .filter(span -> span.getName().equals("cron fire"))
                                .filter(span -> scheduleId.equals(
                                        span.getAttributes().get(AttributeKey.stringKey("foreman.schedule.id"))))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        SpanData dispatch = SPANS.awaitSpan(fire.getTraceId(), "dispatch", PATIENCE);

        assertThat(fire.getTraceId()).isNotEqualTo(traceId);
        assertThat(fire.getParentSpanContext().isValid()).isFalse();
        assertThat(fire.getLinks()).singleElement().satisfies(link -> {
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(traceId);
            assertThat(link.getSpanContext().getSpanId()).isEqualTo(creation.getSpanId());
        });
        assertThat(dispatch.getResource().getAttribute(SERVICE)).isEqualTo("worker-service");
        assertThat(post("/v1/schedules/" + scheduleId + "/pause", null, Map.of())
                        .statusCode())
                .isEqualTo(200);
    }

    /** Submits a job to {@code url} with {@code traceparent}; returns its id. */
    private String submit(String url, String traceparent, Map<String, Object> more) throws Exception {
        Map<String, Object> job = new HashMap<>(more);
        job.put("queue", "tracing-it");
        job.put("target", Map.of("url", url));
        HttpResponse<String> answer = post("/v1/jobs", traceparent, job);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode stored = json.readTree(answer.body());
        return stored.get("id").asString();
    }

    private HttpResponse<String> post(String path, String traceparent, Map<String, Object> body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(services.apiUrl() + path))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String newId(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
