package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.ValidatedJob;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SubmissionValidatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String URL = "https://svc.internal/hooks/welcome";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final SubmissionValidator validator =
            new SubmissionValidator(ApiPropertiesFixtures.defaults(), new UuidV7(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void fillsEveryDefaultWhenOnlyTheTargetUrlIsGiven() {
        ValidatedJob job = validator.validateOne(submission(URL), null, NOW);

        assertThat(job.id()).isNotNull();
        assertThat(job.queue()).isEqualTo("default");
        assertThat(job.type()).isEqualTo("default");
        assertThat(job.priority()).isEqualTo(Priority.NORMAL);
        assertThat(job.runAt()).isEqualTo(NOW);
        assertThat(job.target().url()).isEqualTo(URL);
        assertThat(job.target().method()).isEqualTo("POST");
        assertThat(job.target().headers()).isEmpty();
        assertThat(job.payload()).isNull();
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(job.retry())
                .isEqualTo(new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofHours(1), 16, Duration.ofHours(24)));
        assertThat(job.idempotencyKey()).isNull();
        assertThat(job.labels()).isEmpty();
    }

    @Test
    void keepsEveryGivenSetting() {
        JobRequest submission = new JobRequest(
                "emails",
                "send_welcome",
                "high",
                new JobRequest.Target(URL, "put", Map.of("X-Team", "growth")),
                json("{\"user_id\": 42, \"amount\": 0.1000000000000000055511}"),
                null,
                "PT10M",
                "2m",
                new JobRequest.Retry(3, "500ms", "10m", 4, "0s"),
                "welcome-42",
                "https://svc.internal/hooks/done",
                Map.of("team", "growth"));

        ValidatedJob job = validator.validateOne(submission, null, NOW);

        assertThat(job.queue()).isEqualTo("emails");
        assertThat(job.type()).isEqualTo("send_welcome");
        assertThat(job.priority()).isEqualTo(Priority.HIGH);
        assertThat(job.runAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(job.target().method()).isEqualTo("PUT");
        assertThat(job.target().headers()).containsEntry("X-Team", "growth");
        assertThat(job.payload()).contains("\"user_id\":42").contains("0.1000000000000000055511");
        assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(job.retry()).isEqualTo(new RetryPolicy(3, Duration.ofMillis(500), Duration.ofMinutes(10), 4, null));
        assertThat(job.idempotencyKey()).isEqualTo("welcome-42");
        assertThat(job.callbackUrl()).isEqualTo("https://svc.internal/hooks/done");
        assertThat(job.labels()).containsEntry("team", "growth");
    }

    @Test
    void schedulesAtTheGivenRunAtInAnyOffset() {
        ValidatedJob job = validator.validateOne(with(s -> s.put("runAt", "2026-12-01T10:00:00+01:00")), null, NOW);

        assertThat(job.runAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void takesTheIdempotencyKeyFromTheHeader() {
        ValidatedJob job = validator.validateOne(submission(URL), "welcome-42", NOW);

        assertThat(job.idempotencyKey()).isEqualTo("welcome-42");
    }

    @Test
    void requiresTheTargetUrl() {
        assertInvalid(() -> validator.validateOne(submission(null), null, NOW), "target.url");
        assertInvalid(() -> validator.validateOne(with(s -> s.put("target", null)), null, NOW), "target.url");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/relative/path",
                "ftp://svc.internal/x",
                "https://",
                "mailto:ops@example.com",
                "http://bad host/"
            })
    void requiresAnAbsoluteHttpUrlWithAHost(String url) {
        assertInvalid(() -> validator.validateOne(submission(url), null, NOW), "target.url");
    }

    @Test
    void refusesRunAtTogetherWithDelay() {
        assertInvalid(
                () -> validator.validateOne(
                        with(s -> {
                            s.put("runAt", "2026-12-01T09:00:00Z");
                            s.put("delay", "5m");
                        }),
                        null,
                        NOW),
                "delay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01", "2026-12-01T09:00:00", "tomorrow", "2026-13-01T09:00:00Z"})
    void refusesRunAtWithoutADateTimeAndOffset(String runAt) {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("runAt", runAt)), null, NOW), "run_at");
    }

    @Test
    void refusesSchedulingMoreThanAYearAhead() {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("delay", "366d")), null, NOW), "delay");
    }

    @Test
    void refusesATimeoutOutsideOneSecondToThirtyMinutes() {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("timeout", "500ms")), null, NOW), "timeout");
        assertInvalid(() -> validator.validateOne(with(s -> s.put("timeout", "31m")), null, NOW), "timeout");
        assertInvalid(() -> validator.validateOne(with(s -> s.put("timeout", "half a minute")), null, NOW), "timeout");
    }

    @Test
    void refusesAnUnknownPriorityAndMethod() {
        assertInvalid(
                () -> validator.validateOne(
                        new JobRequest(
                                null,
                                null,
                                "urgent",
                                new JobRequest.Target(URL, "TRACE", null),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        null,
                        NOW),
                "priority",
                "target.method");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "emails/eu", "ümlaut"})
    void refusesAQueueNameOutsideTheAllowedCharacters(String queue) {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("queue", queue)), null, NOW), "queue");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Host",
                "content-length",
                "Foreman-Signature",
                "foreman-job-id",
                "Idempotency-Key",
                "traceparent",
                "TraceState",
                "Forwarded",
                "X-Forwarded-For",
                "x-forwarded-host",
                "X-Real-IP"
            })
    void refusesHeadersThatForemanOrTheProxiesOnTheWaySet(String name) {
        JobRequest submission = with(s -> s.put("target", new JobRequest.Target(URL, null, Map.of(name, "forged"))));

        assertRefused(
                () -> validator.validateOne(submission, null, NOW),
                ProblemCode.RESERVED_HEADER,
                "target.headers." + name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.1:8080/x",
                "http://10.0.0.1/x",
                "http://[::1]/x",
                "http://[::ffff:169.254.169.254]/x",
                "https://0.0.0.0/x"
            })
    void refusesATargetOrCallbackAtALiteralNonPublicAddress(String url) {
        assertRefused(
                () -> validator.validateOne(
                        with(s -> s.put("target", new JobRequest.Target(url, null, null))), null, NOW),
                ProblemCode.TARGET_NOT_ALLOWED,
                "target.url");
        assertRefused(
                () -> validator.validateOne(with(s -> s.put("callbackUrl", url)), null, NOW),
                ProblemCode.TARGET_NOT_ALLOWED,
                "callback_url");
    }

    @Test
    void devModeAllowsLoopbackButNeverTheMetadataAddress() {
        var devMode = new SubmissionValidator(
                ApiPropertiesFixtures.with(Map.of("foreman.api.targets.allow-private", "true")),
                new UuidV7(Clock.systemUTC()));

        assertThat(devMode.validateOne(submission("http://127.0.0.1:8080/x"), null, NOW)
                        .target()
                        .url())
                .isEqualTo("http://127.0.0.1:8080/x");
        assertRefused(
                () -> devMode.validateOne(submission("http://169.254.169.254/"), null, NOW),
                ProblemCode.TARGET_NOT_ALLOWED,
                "target.url");
    }

    @Test
    void leavesAHostNameToTheWorkersCheckAtDispatch() {
        assertThat(validator
                        .validateOne(submission("http://localhost:8080/x"), null, NOW)
                        .target()
                        .url())
                .isEqualTo("http://localhost:8080/x");
    }

    @Test
    void refusesAPayloadStringWithALoneSurrogate() {
        assertInvalid(
                () -> validator.validateOne(with(s -> s.put("payload", json("{\"name\": \"a\\ud800b\"}"))), null, NOW),
                "payload");
        assertInvalid(
                () -> validator.validateOne(with(s -> s.put("payload", json("{\"\\udc00\": 1}"))), null, NOW),
                "payload");
    }

    @Test
    void refusesHeaderValuesThatCouldSplitTheRequest() {
        JobRequest submission = with(
                s -> s.put("target", new JobRequest.Target(URL, null, Map.of("X-Team", "growth\r\nX-Injected: 1"))));

        assertInvalid(() -> validator.validateOne(submission, null, NOW), "target.headers.X-Team");
    }

    @Test
    void refusesRetrySettingsOutOfRange() {
        JobRequest submission = with(s -> s.put("retry", new JobRequest.Retry(0, "2h", "1h", 33, "forever")));

        assertInvalid(
                () -> validator.validateOne(submission, null, NOW),
                "retry.max_attempts",
                "retry.max_backoff",
                "retry.max_doublings",
                "retry.max_retry_duration");
    }

    @Test
    void refusesMoreThanSixtyFourLabels() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            labels.put("label" + i, "value");
        }

        assertInvalid(() -> validator.validateOne(with(s -> s.put("labels", labels)), null, NOW), "labels");
    }

    @Test
    void refusesAPayloadPostgresCannotStore() {
        assertInvalid(
                () -> validator.validateOne(with(s -> s.put("payload", json("{\"name\": \"a\\u0000b\"}"))), null, NOW),
                "payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e131000", "-1e1000", "1e-1000", "{\"deep\": [1, 2.5E+2000]}"})
    void refusesAPayloadNumberThatWritesOutToMoreThanAThousandDigits(String payload) {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("payload", json(payload))), null, NOW), "payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7976931348623157e308", "-4.9e-324", "1e999", "123456789012345678901234567890.5"})
    void acceptsAPayloadNumberOfAtMostAThousandDigitsWrittenOut(String payload) {
        ValidatedJob job = validator.validateOne(with(s -> s.put("payload", json(payload))), null, NOW);

        assertThat(job.payload()).isNotNull();
    }

    @Test
    void refusesAPayloadWhoseNumbersWrittenOutExceedTheBodyLimit() {
        // 7 KB as sent; 1,200 numbers of 901 digits each are over 1 MB on every read.
        String payload = IntStream.range(0, 1200).mapToObj(i -> "9e900").collect(Collectors.joining(",", "[", "]"));

        assertInvalid(() -> validator.validateOne(with(s -> s.put("payload", json(payload))), null, NOW), "payload");
    }

    @Test
    void countsTheDigitsOfANumberWrittenOutWithoutItsExponent() {
        assertThat(StorablePayload.digitsWrittenOut(new BigDecimal("1e3"))).isEqualTo(4);
        assertThat(StorablePayload.digitsWrittenOut(new BigDecimal("0.25"))).isEqualTo(3);
        assertThat(StorablePayload.digitsWrittenOut(new BigDecimal("1.5e-3"))).isEqualTo(5);
        assertThat(StorablePayload.digitsWrittenOut(new BigDecimal("1e131000"))).isEqualTo(131_001);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0000-01-01T00:00:00Z",
                "-0001-06-01T00:00:00Z",
                "-999999999-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z",
                "1970-01-01T00:30:00+01:00"
            })
    void refusesRunAtBeforeNineteenSeventy(String runAt) {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("runAt", runAt)), null, NOW), "run_at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00"})
    void refusesRunAtBeyondTheScheduleAheadLimitWhateverItsYear(String runAt) {
        assertInvalid(() -> validator.validateOne(with(s -> s.put("runAt", runAt)), null, NOW), "run_at");
    }

    @Test
    void acceptsRunAtInThePastAsDueNow() {
        ValidatedJob job = validator.validateOne(with(s -> s.put("runAt", "1970-01-01T00:00:00Z")), null, NOW);

        assertThat(job.runAt()).isEqualTo(Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u007fb", "a\u0085b"})
    void refusesHeaderValuesWithControlCharacters(String value) {
        JobRequest submission = with(s -> s.put("target", new JobRequest.Target(URL, null, Map.of("X-Team", value))));

        assertInvalid(() -> validator.validateOne(submission, null, NOW), "target.headers.X-Team");
    }

    @Test
    void refusesANullHeaderOrLabelValueAsAField() {
        Map<String, String> nulls = new HashMap<>();
        nulls.put("X-Team", null);
        JobRequest submission = with(s -> {
            s.put("target", new JobRequest.Target(URL, null, nulls));
            s.put("labels", nulls);
        });

        assertInvalid(() -> validator.validateOne(submission, null, NOW), "target.headers.X-Team", "labels.X-Team");
    }

    @Test
    void acceptsATabInAHeaderValue() {
        JobRequest submission =
                with(s -> s.put("target", new JobRequest.Target(URL, null, Map.of("X-Team", "growth\tand more"))));

        assertThat(validator.validateOne(submission, null, NOW).target().headers())
                .containsEntry("X-Team", "growth\tand more");
    }

    @Test
    void refusesAnIdempotencyKeyThatDiffersFromTheHeader() {
        assertInvalid(
                () -> validator.validateOne(with(s -> s.put("idempotencyKey", "a")), "b", NOW), "idempotency_key");
    }

    @Test
    void reportsEveryInvalidJobOfABatchByIndex() {
        List<JobRequest> batch = List.of(
                submission(URL), submission("not a url"), submission(URL), with(s -> s.put("priority", "urgent")));

        assertInvalid(() -> validator.validateAll(batch, NOW), "jobs[1].target.url", "jobs[3].priority");
    }

    @Test
    void refusesARepeatedIdempotencyKeyWithinABatch() {
        List<JobRequest> batch = List.of(
                with(s -> s.put("idempotencyKey", "k1")),
                with(s -> s.put("idempotencyKey", "k2")),
                with(s -> s.put("idempotencyKey", "k1")));

        assertInvalid(() -> validator.validateAll(batch, NOW), "jobs[2].idempotency_key");
    }

    @Test
    void refusesANullJobInABatch() {
        List<JobRequest> batch = new ArrayList<>();
        batch.add(submission(URL));
        batch.add(null);

        assertInvalid(() -> validator.validateAll(batch, NOW), "jobs[1]");
    }

    private static void assertRefused(ThrowingCallable call, ProblemCode code, String... fields) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.code()).isEqualTo(code);
            assertThat(problem.errors()).extracting(InvalidField::field).containsExactlyInAnyOrder(fields);
        });
    }

    private static void assertInvalid(ThrowingCallable call, String... fields) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
            assertThat(problem.errors()).extracting(InvalidField::field).containsExactlyInAnyOrder(fields);
        });
    }

    private static JobRequest submission(String url) {
        return new JobRequest(
                null,
                null,
                null,
                new JobRequest.Target(url, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A valid submission with some fields replaced, named as the record components. */
    private static JobRequest with(Consumer<Map<String, Object>> change) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("target", new JobRequest.Target(URL, null, null));
        change.accept(fields);
        @SuppressWarnings("unchecked")
        JobRequest submission = new JobRequest(
                (String) fields.get("queue"),
                (String) fields.get("type"),
                (String) fields.get("priority"),
                (JobRequest.Target) fields.get("target"),
                (JsonNode) fields.get("payload"),
                (String) fields.get("runAt"),
                (String) fields.get("delay"),
                (String) fields.get("timeout"),
                (JobRequest.Retry) fields.get("retry"),
                (String) fields.get("idempotencyKey"),
                (String) fields.get("callbackUrl"),
                (Map<String, String>) fields.get("labels"));
        return submission;
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
