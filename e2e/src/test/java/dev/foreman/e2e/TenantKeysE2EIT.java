package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.devstack.RunningServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Tenants, keys and limits as an operator uses them, over HTTP against two api-service replicas: a
 * key revoked through one is refused by the other within a second, a tenant's own rate limit answers
 * 429, and the SSRF guard refuses the cloud metadata address (issue #14, "Done when").
 */
class TenantKeysE2EIT {
    private static ForemanSystem system;
    private static ConfigurableApplicationContext secondReplica;

    @BeforeAll
    static void startTheSystemAndASecondApiReplica() {
        system = ForemanSystem.shared();
        secondReplica = system.startApiReplica();
    }

    @AfterAll
    static void stopTheSecondReplica() {
        secondReplica.close();
    }

    @Test
    void anOperatorsRevocationReachesTheOtherReplicaWithinASecond() {
        ForemanClient operator = system.operatorClient();
        JsonNode tenant = operator.post("/v1/admin/tenants", """
                        {"name": "e2e-keys-%s"}
                        """.formatted(UUID.randomUUID()))
                .ok();
        JsonNode key = operator.post("/v1/admin/tenants/" + tenant.get("id").asString() + "/keys", """
                        {"name": "ci", "role": "member"}
                        """)
                .ok();
        ForemanClient member = operator.withKey(key.get("key").asString());
        ForemanClient memberOnOtherReplica = member.at(RunningServices.apiUrl(secondReplica));

        assertThat(member.submit(Map.of("target", Map.of("url", "https://example.com/hook"), "delay", "1h"))
                        .status())
                .isEqualTo(202);
        assertThat(memberOnOtherReplica.get("/v1/jobs").status()).isEqualTo(200);

        assertThat(operator.delete("/v1/admin/keys/" + key.get("id").asString()).status())
                .isEqualTo(204);
        long revoked = System.nanoTime();

        await("the revoked key refused by the other replica")
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> memberOnOtherReplica.get("/v1/jobs").status() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
        assertThat(member.get("/v1/jobs").status()).isEqualTo(401);
    }

    @Test
    void aTenantGivenALowRateLimitByTheOperatorGets429WithRetryAfterAndTheRateLimitFields() {
        ForemanClient operator = system.operatorClient();
        JsonNode tenant = operator.post("/v1/admin/tenants", """
                        {"name": "e2e-limited-%s", "quotas": {"requests_per_second": 2}}
                        """.formatted(UUID.randomUUID()))
                .ok();
        assertThat(tenant.get("quotas").get("requests_per_second").asInt()).isEqualTo(2);
        JsonNode key = operator.post("/v1/admin/tenants/" + tenant.get("id").asString() + "/keys", """
                        {"name": "ci", "role": "member"}
                        """)
                .ok();
        ForemanClient member = operator.withKey(key.get("key").asString());

        List<ForemanClient.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(member.get("/v1/jobs?limit=1"));
        }

        assertThat(answers).extracting(ForemanClient.Answer::status).containsOnly(200, 429);
        ForemanClient.Answer refused = answers.stream()
                .filter(answer -> answer.status() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 among "
                        + answers.stream().map(ForemanClient.Answer::status).toList()));
        assertThat(refused.json().get("code").asString()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"default\";q=2;w=1");
        assertThat(refused.header("RateLimit")).startsWith("\"default\";r=0;t=");
    }

    @Test
    void aJobToTheCloudMetadataAddressIsRefusedAtSubmit() {
        ForemanClient tenant = system.newTenantClient();

        ForemanClient.Answer refused =
                tenant.submit(Map.of("target", Map.of("url", "http://169.254.169.254/latest/meta-data/")));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("target_not_allowed");
        assertThat(tenant.get("/v1/jobs").ok().get("items").isEmpty()).isTrue();
    }
}
