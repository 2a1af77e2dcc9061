package dev.foreman.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ProblemResponsesIT extends RunningApi {
    private static final String TARGET = "https://svc.internal/hooks/welcome";

    private TestTenant tenant;

    @BeforeEach
    void freshTenant() {
        tenant = newTenant();
    }

    @Test
    void answersMalformedJsonWithMalformedJson() {
        HttpResponse<String> response = post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": ");

        assertProblem(response, 400, "malformed_json");
        assertNothingWritten();
    }

    @Test
    void answersAnEmptyBodyWithMalformedJson() {
        assertProblem(post("/v1/jobs", tenant.apiKey(), ""), 400, "malformed_json");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"priority\": 5}                | priority",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"retry\": {\"max_attempts\": \"3\"}} | retry.max_attempts",
                "{\"target\": {\"url\": 7}}                                                          | target.url",
                "{\"target\": \"https://svc.internal/x\"}                                            | target",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"labels\": {\"team\": 1}}       | labels.team",
                "{\"jobs\": \"all of them\"}                                                         | jobs"
            })
    void answersAFieldOfTheWrongJsonTypeWithWrongType(String body, String field) {
        String path = body.startsWith("{\"jobs\"") ? "/v1/jobs/batch" : "/v1/jobs";

        HttpResponse<String> response = post(path, tenant.apiKey(), body);

        JsonNode problem = assertProblem(response, 400, "wrong_type");
        assertThat(fields(problem)).containsExactly(field);
        assertNothingWritten();
    }

    @Test
    void answersAnArrayBodyWithWrongType() {
        assertProblem(post("/v1/jobs", tenant.apiKey(), "[]"), 400, "wrong_type");
    }

    @Test
    void answersAMisspelledFieldWithUnknownField() {
        HttpResponse<String> response = post("/v1/jobs", tenant.apiKey(), """
                {"target": {"url": "%s"}, "priorty": "high"}
                """.formatted(TARGET));

        JsonNode problem = assertProblem(response, 400, "unknown_field");
        assertThat(fields(problem)).containsExactly("priorty");
        assertNothingWritten();
    }

    @Test
    void namesAnUnknownFieldDeepInABatchByItsPath() {
        HttpResponse<String> response = post("/v1/jobs/batch", tenant.apiKey(), """
                {"jobs": [{"target": {"url": "%1$s"}}, {"target": {"url": "%1$s", "verb": "GET"}}]}
                """.formatted(TARGET));

        JsonNode problem = assertProblem(response, 400, "unknown_field");
        assertThat(fields(problem)).containsExactly("jobs[1].target.verb");
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                                                       | target.url",
                "{\"target\": {}}                                                          | target.url",
                "{\"target\": {\"url\": \"svc.internal/hooks\"}}                           | target.url",
                "{\"target\": {\"url\": \"ftp://svc.internal/hooks\"}}                     | target.url",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"timeout\": \"soon\"} | timeout",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"delay\": \"-5s\"}    | delay",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"run_at\": \"2030-01-01T00:00:00Z\", \"delay\": \"5m\"} | delay"
            })
    void answersInvalidSettingsWithValidationFailedNamingTheField(String body, String field) {
        HttpResponse<String> response = post("/v1/jobs", tenant.apiKey(), body);

        JsonNode problem = assertProblem(response, 422, "validation_failed");
        assertThat(fields(problem)).containsExactly(field);
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Foreman-Signature", "traceparent", "X-Forwarded-For", "X-Real-IP"})
    void answersAReservedTargetHeaderWithReservedHeader(String header) {
        String body = "{\"target\": {\"url\": \"https://svc.internal/x\", \"headers\": {\"" + header + "\": \"x\"}}}";

        JsonNode problem = assertProblem(post("/v1/jobs", tenant.apiKey(), body), 422, "reserved_header");
        assertThat(fields(problem)).containsExactly("target.headers." + header);
        assertNothingWritten();
    }

    @Test
    void answersATargetAtTheCloudMetadataAddressWithTargetNotAllowed() {
        // The tests run the API in dev mode, which allows loopback but never the metadata range.
        String body = "{\"target\": {\"url\": \"http://169.254.169.254/latest/meta-data/\"},"
                + " \"callback_url\": \"http://[fd00:ec2::254]/\"}";

        JsonNode problem = assertProblem(post("/v1/jobs", tenant.apiKey(), body), 422, "target_not_allowed");
        assertThat(fields(problem)).containsExactlyInAnyOrder("target.url", "callback_url");
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"idempotency_key\": \"\\ud800\"}   | 400 | malformed_json",
                "{\"target\": {\"url\": \"https://svc.internal/x\", \"headers\": {\"X-Team\": \"a\\ud800\"}}} | 400 | malformed_json",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"labels\": {\"\\udc00\": \"x\"}}  | 400 | malformed_json",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"payload\": {\"a\": \"\\ud800\"}}  | 422 | validation_failed"
            })
    void refusesALoneUtf16SurrogateInAnyStoredString(String body, int status, String code) {
        // Found by HostileInputIT (seed 8335669689744): these answered 500 before.
        assertProblem(post("/v1/jobs", tenant.apiKey(), body), status, code);
        assertNothingWritten();
    }

    @Test
    void answersAnOversizedBodyWithPayloadTooLarge() {
        HttpResponse<String> response = post("/v1/jobs", tenant.apiKey(), oversizedJob());

        assertProblem(response, 413, "payload_too_large");
        assertNothingWritten();
    }

    @Test
    void answersAnOversizedChunkedBodyWithPayloadTooLarge() {
        HttpResponse<String> response =
                postChunked("/v1/jobs", tenant.apiKey(), oversizedJob().getBytes(StandardCharsets.UTF_8));

        assertProblem(response, 413, "payload_too_large");
        assertNothingWritten();
    }

    @Test
    void acceptsAChunkedBodyWithinTheLimit() {
        HttpResponse<String> response = postChunked(
                "/v1/jobs",
                tenant.apiKey(),
                ("{\"target\": {\"url\": \"" + TARGET + "\"}}").getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void answersABatchOverTheLimitWithBatchTooLarge() {
        String batch = IntStream.range(0, 1001)
                .mapToObj(i -> "{\"target\": {\"url\": \"" + TARGET + "\"}}")
                .collect(Collectors.joining(",", "{\"jobs\": [", "]}"));

        assertProblem(post("/v1/jobs/batch", tenant.apiKey(), batch), 422, "batch_too_large");
        assertNothingWritten();
    }

    @Test
    void answersAnEmptyBatchWithValidationFailed() {
        JsonNode problem =
                assertProblem(post("/v1/jobs/batch", tenant.apiKey(), "{\"jobs\": []}"), 422, "validation_failed");

        assertThat(fields(problem)).containsExactly("jobs");
    }

    @Test
    void answersAnUnknownJobIdWithNotFound() {
        assertProblem(get("/v1/jobs/" + UUID.randomUUID(), tenant.apiKey()), 404, "not_found");
        assertProblem(get("/v1/jobs/not-a-uuid", tenant.apiKey()), 404, "not_found");
        assertProblem(get("/v1/jobs/" + UUID.randomUUID() + "/attempts", tenant.apiKey()), 404, "not_found");
    }

    @Test
    void answersAnUnknownPathWithNotFound() {
        assertProblem(get("/v1/nothing-here", tenant.apiKey()), 404, "not_found");
    }

    @Test
    void answersABadCursorWithInvalidCursor() {
        assertProblem(get("/v1/jobs?cursor=not-a-cursor", tenant.apiKey()), 400, "invalid_cursor");
    }

    @Test
    void answersBadListParametersWithInvalidParameter() {
        JsonNode problem = assertProblem(get("/v1/jobs?state=done&limit=0", tenant.apiKey()), 400, "invalid_parameter");

        assertThat(fields(problem)).containsExactlyInAnyOrder("state", "limit");
    }

    @Test
    void answersAnotherContentTypeWithUnsupportedMediaType() {
        HttpResponse<String> response = send(request("/v1/jobs", tenant.apiKey())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("target=" + TARGET))
                .build());

        assertProblem(response, 415, "unsupported_media_type");
        assertNothingWritten();
    }

    @Test
    void answersAnotherMethodWithMethodNotAllowed() {
        HttpResponse<String> response =
                send(request("/v1/jobs", tenant.apiKey()).DELETE().build());

        assertProblem(response, 405, "method_not_allowed");
        assertThat(response.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET", "POST"));
    }

    /** A valid job whose payload alone is larger than the 1 MiB default limit. */
    private static String oversizedJob() {
        return "{\"target\": {\"url\": \"" + TARGET + "\"}, \"payload\": {\"blob\": \"" + "x".repeat(1_200_000)
                + "\"}}";
    }

    private static List<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.get("errors").spliterator(), false)
                .map(error -> error.get("field").asString())
                .toList();
    }

    private void assertNothingWritten() {
        HttpResponse<String> page = get("/v1/jobs", tenant.apiKey());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(page.body()).get("items").isEmpty()).isTrue();
    }
}
