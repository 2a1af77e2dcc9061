package dev.foreman.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenApiContractTest {
    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final String JOB = """
            {"id":"0193a5b0-0000-7000-8000-000000000001","queue":"q","type":"t","priority":"normal",
             "state":"queued","attempt":0,"max_attempts":8,"run_at":"2026-12-02T10:00:00Z",
             "created_at":"2026-12-02T10:00:00Z","updated_at":"2026-12-02T10:00:00Z","started_at":null,
             "finished_at":null,"target":{"url":"http://x/","method":"POST","headers":{}},"payload":{"a":1},
             "timeout":"PT30S","retry":{"max_attempts":8,"min_backoff":"PT1S","max_backoff":"PT1H",
             "max_doublings":16,"max_retry_duration":"PT24H"},"last_error":null,"result":null,
             "idempotency_key":null,"callback_url":null,"labels":{},"schedule_id":null}""";

    private final OpenApiContract contract = OpenApiContract.shared();

    @Test
    void aDocumentedAnswerPasses() {
        assertThatCode(() -> contract.check("POST", "/v1/jobs", 202, JSON, JOB)).doesNotThrowAnyException();
        assertThatCode(() -> contract.check("GET", "/v1/jobs/0193a5b0-0000-7000-8000-000000000001?x=1", 200, JSON, JOB))
                .doesNotThrowAnyException();
    }

    @Test
    void aFieldTheDocumentDoesNotHaveFails() {
        String extra = JOB.replace("\"queue\":\"q\"", "\"queue\":\"q\",\"surprise\":1");

        assertThatThrownBy(() -> contract.check("POST", "/v1/jobs", 202, JSON, extra))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("surprise");
    }

    @Test
    void aStateOutsideTheEnumFails() {
        assertThatThrownBy(() -> contract.check("POST", "/v1/jobs", 202, JSON, JOB.replace("queued", "pending")))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void anUndocumentedSuccessStatusOrMediaTypeFails() {
        assertThatThrownBy(() -> contract.check("POST", "/v1/jobs", 201, JSON, JOB))
                .hasMessageContaining("status not documented");
        assertThatThrownBy(() -> contract.check("POST", "/v1/jobs", 202, "text/plain", JOB))
                .hasMessageContaining("Content-Type");
        assertThatThrownBy(() -> contract.check("GET", "/v1/nothing", 200, JSON, "{}"))
                .hasMessageContaining("no such operation");
    }

    @Test
    void errorsMustBeProblemsWithADocumentedCode() {
        String problem = "{\"type\":\"https://foreman.dev/problems/not_found\",\"title\":\"Not found\","
                + "\"status\":404,\"code\":\"not_found\",\"instance\":\"/v1/nothing\"}";

        assertThatCode(() -> contract.check("GET", "/v1/nothing", 404, PROBLEM, problem))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.check(
                        "GET", "/v1/jobs/x", 404, PROBLEM, problem.replace("not_found\",\"inst", "gone\",\"inst")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> contract.check("GET", "/v1/jobs/x", 404, JSON, problem))
                .hasMessageContaining("Content-Type");
    }

    @Test
    void literalPathsWinOverTemplates() {
        assertThatCode(() -> contract.check("POST", "/v1/dlq/retry", 200, JSON, "{\"retried\":3}"))
                .doesNotThrowAnyException();
    }
}
