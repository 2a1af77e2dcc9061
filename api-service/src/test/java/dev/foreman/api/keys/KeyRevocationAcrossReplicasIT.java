package dev.foreman.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiApplication;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two api-service replicas against one Postgres and Redis, each caching valid keys for an hour: a
 * revocation or suspension made on one must still reach the other within a second, which only the
 * Redis fan-out can do.
 */
class KeyRevocationAcrossReplicasIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    private static ConfigurableApplicationContext replicaA;
    private static ConfigurableApplicationContext replicaB;

    @BeforeAll
    static void startTwoReplicas() {
        replicaA = startReplica();
        replicaB = startReplica();
    }

    @AfterAll
    static void stopReplicas() {
        if (replicaA != null) {
            replicaA.close();
        }
        if (replicaB != null) {
            replicaB.close();
        }
    }

    private static ConfigurableApplicationContext startReplica() {
        Map<String, Object> properties =
                new HashMap<>(TestInfrastructure.shared().springProperties());
        properties.put("spring.config.name", "api-service");
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("foreman.api.outbox.relay-enabled", false);
        // Long enough that only the invalidation can end a cached key within the test.
        properties.put("foreman.api.auth.cache-ttl", "1h");
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ApiApplication.class)
                .registerShutdownHook(false)
                .run(arguments);
    }

    @Test
    void aKeyRevokedOnOneReplicaAnswers401OnTheOtherWithinASecond() {
        TestInfrastructure infra = TestInfrastructure.shared();
        TestTenant home = infra.createTenant("replicas-it");
        String operator = infra.createApiKey(home.id(), ApiKeyRole.OPERATOR);
        String tenantId = json(send(replicaA, "POST", "/v1/admin/tenants", operator, """
                        {"name": "replicas-%s"}
                        """.formatted(UUID.randomUUID())))
                .get("id")
                .asString();
        JsonNode key = json(send(replicaA, "POST", "/v1/admin/tenants/" + tenantId + "/keys", operator, """
                {"name": "member", "role": "member"}
                """));
        String member = key.get("key").asString();
        // Cached on B now, for an hour.
        assertThat(send(replicaB, "GET", "/v1/jobs", member, null).statusCode()).isEqualTo(200);
        assertThat(send(replicaB, "GET", "/v1/jobs", member, null).statusCode()).isEqualTo(200);

        assertThat(send(replicaA, "DELETE", "/v1/admin/keys/" + key.get("id").asString(), operator, null)
                        .statusCode())
                .isEqualTo(204);
        long revoked = System.nanoTime();

        await("revocation on replica B")
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> send(replicaB, "GET", "/v1/jobs", member, null).statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(PROPAGATION);
    }

    @Test
    void aTenantSuspendedOnOneReplicaIsRefusedByTheOtherWithinASecond() {
        TestInfrastructure infra = TestInfrastructure.shared();
        TestTenant home = infra.createTenant("replicas-it");
        String operator = infra.createApiKey(home.id(), ApiKeyRole.OPERATOR);
        TestTenant tenant = infra.createTenant("replicas-suspended");
        assertThat(send(replicaB, "GET", "/v1/jobs", tenant.apiKey(), null).statusCode())
                .isEqualTo(200);

        assertThat(send(replicaA, "PATCH", "/v1/admin/tenants/" + tenant.id(), operator, """
                        {"state": "suspended"}
                        """)
                        .statusCode())
                .isEqualTo(200);

        await("suspension on replica B")
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(20))
                .until(() ->
                        send(replicaB, "GET", "/v1/jobs", tenant.apiKey(), null).statusCode() == 401);

        send(replicaA, "PATCH", "/v1/admin/tenants/" + tenant.id(), operator, """
                {"state": "active"}
                """);
        await("reactivation on replica B")
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(20))
                .until(() ->
                        send(replicaB, "GET", "/v1/jobs", tenant.apiKey(), null).statusCode() == 200);
    }

    private static HttpResponse<String> send(
            ConfigurableApplicationContext replica, String method, String path, String key, String json) {
        String port = replica.getEnvironment().getProperty("local.server.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
