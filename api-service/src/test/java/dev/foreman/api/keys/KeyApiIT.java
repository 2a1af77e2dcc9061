package dev.foreman.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.RunningApi;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Tenants and keys over the API: the operator's {@code /v1/admin/…} and a tenant admin's {@code /v1/keys}. */
class KeyApiIT extends RunningApi {
    private static final String JOB = """
            {"target": {"url": "https://example.com/hook", "headers": {"Authorization": "Bearer target-secret"}}}
            """;

    @Autowired
    JdbcClient jdbc;

    private String operatorKey() {
        TestTenant home = newTenant();
        return infra().createApiKey(home.id(), ApiKeyRole.OPERATOR);
    }

    private JsonNode createTenant(String operator) {
        HttpResponse<String> created =
                post("/v1/admin/tenants", operator, "{\"name\": \"keys-it-" + UUID.randomUUID() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    private JsonNode createKey(String operator, String tenantId, String role) {
        HttpResponse<String> created = post(
                "/v1/admin/tenants/" + tenantId + "/keys", operator, "{\"name\": \"ci\", \"role\": \"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    @Test
    void operatorCreatesATenantAndAMemberKeyThatSubmitsUntilRevoked() {
        String operator = operatorKey();
        JsonNode tenant = createTenant(operator);
        assertThat(tenant.get("state").asString()).isEqualTo("active");
        assertThat(tenant.has("signing_secret")).isFalse();

        JsonNode key = createKey(operator, tenant.get("id").asString(), "member");
        String member = key.get("key").asString();
        assertThat(member).startsWith(key.get("prefix").asString());
        assertThat(post("/v1/jobs", member, JOB).statusCode()).isEqualTo(202);

        HttpResponse<String> listed =
                get("/v1/admin/tenants/" + tenant.get("id").asString() + "/keys", operator);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(member);
        JsonNode row = json(listed).get("items").get(0);
        assertThat(row.get("role").asString()).isEqualTo("member");
        assertThat(row.get("prefix").asString()).isEqualTo(key.get("prefix").asString());
        assertThat(row.get("last_used_at").isNull()).isFalse();

        assertThat(delete("/v1/admin/keys/" + key.get("id").asString(), operator)
                        .statusCode())
                .isEqualTo(204);

        assertProblem(post("/v1/jobs", member, JOB), 401, "unauthorized");
        JsonNode revoked = json(get("/v1/admin/tenants/" + tenant.get("id").asString() + "/keys", operator))
                .get("items")
                .get(0);
        assertThat(revoked.get("revoked_at").isNull()).isFalse();
    }

    @Test
    void suspendingATenantStopsItsKeysUntilItIsActiveAgain() {
        String operator = operatorKey();
        JsonNode tenant = createTenant(operator);
        String id = tenant.get("id").asString();
        String member = createKey(operator, id, "member").get("key").asString();
        assertThat(get("/v1/jobs", member).statusCode()).isEqualTo(200);

        HttpResponse<String> suspended = patch("/v1/admin/tenants/" + id, operator, "{\"state\": \"suspended\"}");
        assertThat(json(suspended).get("state").asString()).isEqualTo("suspended");
        assertProblem(get("/v1/jobs", member), 401, "unauthorized");

        patch("/v1/admin/tenants/" + id, operator, "{\"state\": \"active\"}");
        assertThat(get("/v1/jobs", member).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredKeyAnswers401() {
        String operator = operatorKey();
        String id = createTenant(operator).get("id").asString();
        Instant soon = Instant.now().plusSeconds(2);
        HttpResponse<String> created = post(
                "/v1/admin/tenants/" + id + "/keys",
                operator,
                "{\"name\": \"short\", \"role\": \"member\", \"expires_at\": \"" + soon + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created).get("key").asString();
        assertThat(get("/v1/jobs", key).statusCode()).isEqualTo(200);

        await("the key's expiry")
                .atMost(Duration.ofSeconds(10))
                .until(() -> get("/v1/jobs", key).statusCode() == 401);
    }

    @Test
    void aTenantAdminManagesItsOwnKeysButCannotMakeAnOperator() {
        TestTenant tenant = newTenant();

        HttpResponse<String> created =
                post("/v1/keys", tenant.apiKey(), "{\"name\": \"dashboard\", \"role\": \"read_only\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode key = json(created);
        assertThat(key.get("tenant_id").asString()).isEqualTo(tenant.id().toString());

        List<JsonNode> keys = elements(json(get("/v1/keys", tenant.apiKey())).get("items"));
        assertThat(keys).extracting(k -> k.get("role").asString()).contains("admin", "read_only");

        JsonNode problem = assertProblem(
                post("/v1/keys", tenant.apiKey(), "{\"name\": \"root\", \"role\": \"operator\"}"),
                422,
                "validation_failed");
        assertThat(problem.toString()).contains("role");

        assertThat(delete("/v1/keys/" + key.get("id").asString(), tenant.apiKey())
                        .statusCode())
                .isEqualTo(204);
        assertProblem(get("/v1/jobs", key.get("key").asString()), 401, "unauthorized");
    }

    @Test
    void aReadOnlyKeySeesHeaderNamesButNotTheirValues() {
        TestTenant tenant = newTenant();
        String readOnly = infra().createApiKey(tenant.id(), ApiKeyRole.READ_ONLY);
        String jobId = json(post("/v1/jobs", tenant.apiKey(), JOB)).get("id").asString();

        JsonNode seen = json(get("/v1/jobs/" + jobId, readOnly));
        assertThat(seen.get("target").get("headers").get("Authorization").asString())
                .isEqualTo("[hidden]");
        JsonNode listed = json(get("/v1/jobs", readOnly)).get("items").get(0);
        assertThat(listed.get("target").get("headers").get("Authorization").asString())
                .isEqualTo("[hidden]");
        assertThat(json(get("/v1/jobs/" + jobId, tenant.apiKey()))
                        .get("target")
                        .get("headers")
                        .get("Authorization")
                        .asString())
                .isEqualTo("Bearer target-secret");
    }

    @Test
    void aReadOnlyKeySeesAScheduledJobsHeaderNamesButNotTheirValues() {
        TestTenant tenant = newTenant();
        String readOnly = infra().createApiKey(tenant.id(), ApiKeyRole.READ_ONLY);
        String scheduleId =
                json(post("/v1/schedules", tenant.apiKey(), """
                        {"name": "hidden", "cron": "0 4 * * *",
                         "job": {"target": {"url": "https://example.com/hook", "headers": {"X-Token": "s3cret"}}}}
                        """)).get("id").asString();

        assertThat(json(get("/v1/schedules/" + scheduleId, readOnly))
                        .get("job")
                        .get("target")
                        .get("headers")
                        .get("X-Token")
                        .asString())
                .isEqualTo("[hidden]");
        assertThat(get("/v1/schedules", readOnly).body()).doesNotContain("s3cret");
        assertProblem(post("/v1/schedules/" + scheduleId + "/trigger", readOnly, ""), 403, "forbidden");
    }

    @Test
    void aKeyStoredAsABareSha256IsRehashedWithThePepperOnFirstUse() {
        TestTenant tenant = newTenant();
        assertThat(hashesOf(tenant.id())).containsExactly("sha256");

        assertThat(get("/v1/jobs", tenant.apiKey()).statusCode()).isEqualTo(200);

        assertThat(hashesOf(tenant.id())).containsExactly("hmac");
        assertThat(get("/v1/jobs", tenant.apiKey()).statusCode()).isEqualTo(200);
    }

    @Test
    void concurrentFirstUsesOfABareSha256KeyAreAllAccepted() throws Exception {
        TestTenant tenant = newTenant();

        List<HttpResponse<String>> responses = Race.run(16, () -> get("/v1/jobs", tenant.apiKey()));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(hashesOf(tenant.id())).containsExactly("hmac");
    }

    @Test
    void everyAdminActionIsAuditedWithWhoAndFromWhere() {
        String operator = operatorKey();
        String id = createTenant(operator).get("id").asString();
        String keyId = createKey(operator, id, "admin").get("id").asString();
        delete("/v1/admin/keys/" + keyId, operator);

        JsonNode page = json(get("/v1/admin/audit?tenant_id=" + id, operator));

        List<JsonNode> entries = elements(page.get("items"));
        assertThat(entries)
                .extracting(e -> e.get("action").asString())
                .containsExactly("key.revoke", "key.create", "tenant.create");
        JsonNode revoke = entries.getFirst();
        assertThat(revoke.get("actor_role").asString()).isEqualTo("operator");
        assertThat(revoke.get("target_id").asString()).isEqualTo(keyId);
        assertThat(revoke.get("remote_address").asString()).isEqualTo("127.0.0.1");
        assertThat(page.toString()).doesNotContain("fm_");
    }

    @Test
    void aTenantNameIsUnique() {
        String operator = operatorKey();
        String name = createTenant(operator).get("name").asString();

        assertProblem(post("/v1/admin/tenants", operator, "{\"name\": \"" + name + "\"}"), 409, "tenant_name_taken");
    }

    @Test
    void anOperatorSeesOnlyItsOwnTenantsJobsThroughTheJobApi() {
        TestTenant other = newTenant();
        String jobId = json(post("/v1/jobs", other.apiKey(), JOB)).get("id").asString();

        assertProblem(get("/v1/jobs/" + jobId, operatorKey()), 404, "not_found");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void noKeyNorKeyPrefixReachesTheLogEvenAtTraceLevel(CapturedOutput output) {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("dev.foreman", LogLevel.TRACE);
        List<String> secrets = new ArrayList<>();
        try {
            String operator = operatorKey();
            secrets.add(operator);
            String id = createTenant(operator).get("id").asString();
            JsonNode key = createKey(operator, id, "member");
            String member = key.get("key").asString();
            secrets.add(member);
            secrets.add(key.get("prefix").asString());
            String unknown = ApiKeys.newKey();
            secrets.add(unknown);
            secrets.add(ApiKeys.displayPrefix(unknown));

            assertThat(post("/v1/jobs", member, JOB).statusCode()).isEqualTo(202);
            assertProblem(get("/v1/jobs", unknown), 401, "unauthorized");
            assertProblem(get("/v1/jobs", unknown), 401, "unauthorized");
            assertProblem(get("/v1/admin/tenants", member), 403, "forbidden");
            patch("/v1/admin/tenants/" + id, operator, "{\"state\": \"suspended\"}");
            assertProblem(get("/v1/jobs", member), 401, "unauthorized");
            patch("/v1/admin/tenants/" + id, operator, "{\"state\": \"active\"}");
            delete("/v1/admin/keys/" + key.get("id").asString(), operator);
            assertProblem(get("/v1/jobs", member), 401, "unauthorized");
        } finally {
            logging.setLogLevel("dev.foreman", null);
        }

        for (String secret : secrets) {
            assertThat(output.getAll())
                    .as("the log shows a key or a key prefix")
                    .doesNotContain(secret);
        }
    }

    private List<String> hashesOf(UUID tenantId) {
        return jdbc.sql("""
                        SELECT CASE WHEN key_hmac IS NOT NULL THEN 'hmac' ELSE 'sha256' END
                        FROM api_keys
                        WHERE tenant_id = :tenantId
                        """).param("tenantId", tenantId).query(String.class).list();
    }
}
