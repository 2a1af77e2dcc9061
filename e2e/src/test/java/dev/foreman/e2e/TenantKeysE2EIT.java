package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.devstack.RunningServices;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Tenants and keys as an operator uses them, over HTTP against two api-service replicas: a key
 * revoked through one is refused by the other within a second.
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
}
