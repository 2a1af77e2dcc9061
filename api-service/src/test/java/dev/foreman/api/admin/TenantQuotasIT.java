package dev.foreman.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tenants as an operator manages them over {@code /v1/admin/tenants}: listed and read with their state and quotas,
 * and the quotas set (DESIGN §3.1) taking effect.
 */
class TenantQuotasIT extends RunningApi {
    private static final String JOB = "{\"target\": {\"url\": \"https://svc.internal/hooks/quota\"}}";

    private final String operator = infra().createApiKey(newTenant().id(), ApiKeyRole.OPERATOR);

    @Test
    void aTenantCreatedWithARateLimitOfItsOwnIsRefusedPastIt() {
        JsonNode tenant = created(post("/v1/admin/tenants", operator, """
                {"name": "quotas-%s", "quotas": {"requests_per_second": 2}}
                """.formatted(UUID.randomUUID())));
        String member = memberKeyOf(tenant);

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(get("/v1/jobs?limit=1", member));
        }

        assertThat(tenant.get("quotas").get("requests_per_second").asInt()).isEqualTo(2);
        assertThat(tenant.get("quotas").get("max_active_jobs").isNull()).isTrue();
        assertThat(tenant.get("quotas").get("max_schedules").isNull()).isTrue();
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 429);
        HttpResponse<String> refused = answers.stream()
                .filter(answer -> answer.statusCode() == 429)
                .findFirst()
                .orElseThrow();
        assertProblem(refused, 429, "rate_limited");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"default\";q=2;w=1");
    }

    @Test
    void aChangeSetsTheQuotasItNamesKeepsTheOthersAndNullReturnsOneToTheDefault() {
        JsonNode tenant = created(post("/v1/admin/tenants", operator, """
                {"name": "quotas-%s", "quotas": {"requests_per_second": 500}}
                """.formatted(UUID.randomUUID())));
        String id = tenant.get("id").asString();
        String member = memberKeyOf(tenant);

        JsonNode limited = ok(patch("/v1/admin/tenants/" + id, operator, "{\"quotas\": {\"max_schedules\": 1}}"));
        HttpResponse<String> first = post("/v1/schedules", member, schedule("first"));
        HttpResponse<String> second = post("/v1/schedules", member, schedule("second"));
        JsonNode unlimited = ok(patch("/v1/admin/tenants/" + id, operator, "{\"quotas\": {\"max_schedules\": null}}"));
        HttpResponse<String> third = post("/v1/schedules", member, schedule("third"));

        assertThat(limited.get("state").asString()).isEqualTo("active");
        assertThat(limited.get("quotas").get("max_schedules").asInt()).isEqualTo(1);
        assertThat(limited.get("quotas").get("requests_per_second").asInt()).isEqualTo(500);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertProblem(second, 429, "quota_exceeded");
        assertThat(unlimited.get("quotas").get("max_schedules").isNull()).isTrue();
        assertThat(unlimited.get("quotas").get("requests_per_second").asInt()).isEqualTo(500);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(ok(get("/v1/admin/tenants/" + id, operator)).get("quotas")).isEqualTo(unlimited.get("quotas"));
    }

    @Test
    void aQuotasChangeIsAudited() {
        JsonNode tenant = created(post("/v1/admin/tenants", operator, """
                {"name": "quotas-%s"}
                """.formatted(UUID.randomUUID())));
        String id = tenant.get("id").asString();

        ok(patch("/v1/admin/tenants/" + id, operator, "{\"quotas\": {\"max_active_jobs\": 10}}"));

        JsonNode newest = ok(get("/v1/admin/audit?tenant_id=" + id, operator))
                .get("items")
                .get(0);
        assertThat(newest.get("action").asString()).isEqualTo("tenant.quotas");
        assertThat(newest.get("details").get("max_active_jobs").asLong()).isEqualTo(10);
    }

    @Test
    void refusesQuotasOutOfBoundsOfTheWrongShapeOrUnknownAndChangesNothing() {
        JsonNode tenant = created(post("/v1/admin/tenants", operator, """
                {"name": "quotas-%s", "quotas": {"max_schedules": 7}}
                """.formatted(UUID.randomUUID())));
        String path = "/v1/admin/tenants/" + tenant.get("id").asString();

        JsonNode negative = assertProblem(
                patch(path, operator, "{\"quotas\": {\"max_schedules\": -1, \"requests_per_second\": 0}}"),
                422,
                "validation_failed");
        assertProblem(patch(path, operator, "{\"quotas\": {\"max_schedules\": 1.5}}"), 422, "validation_failed");
        assertProblem(patch(path, operator, "{\"quotas\": {\"max_schedules\": \"3\"}}"), 422, "validation_failed");
        assertProblem(patch(path, operator, "{\"quotas\": {\"max_active_jobs\": 1e131000}}"), 422, "validation_failed");
        assertProblem(patch(path, operator, "{\"quotas\": 5}"), 422, "validation_failed");
        assertProblem(patch(path, operator, "{\"quotas\": {\"max_jobs\": 1}}"), 400, "unknown_field");
        assertProblem(patch(path, operator, "{}"), 422, "validation_failed");
        String name = "quotas-" + UUID.randomUUID();
        assertProblem(
                post(
                        "/v1/admin/tenants",
                        operator,
                        "{\"name\": \"" + name + "\", \"quotas\": {\"max_schedules\": -3}}"),
                422,
                "validation_failed");

        assertThat(elements(negative.get("errors")))
                .extracting(error -> error.get("field").asString())
                .containsExactlyInAnyOrder("quotas.max_schedules", "quotas.requests_per_second");
        assertThat(ok(get(path, operator)).get("quotas").get("max_schedules").asInt())
                .isEqualTo(7);
        // The refused creation made no tenant: the name is free.
        created(post("/v1/admin/tenants", operator, "{\"name\": \"" + name + "\"}"));
    }

    @Test
    void anOperatorListsAndReadsEveryTenantWithItsStateAndQuotas() {
        JsonNode tenant = created(post("/v1/admin/tenants", operator, """
                {"name": "quotas-%s", "quotas": {"max_active_jobs": 25}}
                """.formatted(UUID.randomUUID())));
        String id = tenant.get("id").asString();

        List<JsonNode> listed = elements(ok(get("/v1/admin/tenants", operator)).get("items"));
        JsonNode one = ok(get("/v1/admin/tenants/" + id, operator));

        assertThat(listed)
                .filteredOn(item -> item.get("id").asString().equals(id))
                .singleElement()
                .isEqualTo(one);
        assertThat(one.get("state").asString()).isEqualTo("active");
        assertThat(one.get("quotas").get("max_active_jobs").asLong()).isEqualTo(25);
        assertThat(one.has("signing_secret")).isFalse();
        assertProblem(get("/v1/admin/tenants/" + UUID.randomUUID(), operator), 404, "not_found");
    }

    @Test
    void onlyAnOperatorSetsQuotas() {
        TestTenant admin = newTenant();

        assertProblem(
                patch("/v1/admin/tenants/" + admin.id(), admin.apiKey(), "{\"quotas\": {\"max_schedules\": 100000}}"),
                403,
                "forbidden");
    }

    private String memberKeyOf(JsonNode tenant) {
        return created(post(
                        "/v1/admin/tenants/" + tenant.get("id").asString() + "/keys",
                        operator,
                        "{\"name\": \"member\", \"role\": \"member\"}"))
                .get("key")
                .asString();
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static String schedule(String name) {
        return "{\"name\": \"" + name + "\", \"cron\": \"*/5 * * * *\", \"job\": " + JOB + "}";
    }
}
