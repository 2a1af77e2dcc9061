package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing-secret rotation as a target sees it: during the overlap each dispatch and callback carries
 * {@code v1=<new>,v1=<old>}, each verifying with its own secret; after it, only the new one.
 */
class SigningSecretRotationE2EIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static ForemanSystem system;
    private static StubTarget target;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
        target = StubTarget.start();
    }

    @AfterAll
    static void stopTheTarget() {
        target.close();
    }

    @Test
    void duringTheOverlapDispatchesAndCallbacksCarryBothSignaturesAndAfterItOnlyTheNew() {
        TestTenant tenant = system.newTenant();
        ForemanClient admin = system.clientFor(tenant);
        String oldSecret = tenant.signingSecret();

        String newSecret = admin.post("/v1/tenant/signing-secret/rotate", "{\"overlap\": \"1h\"}")
                .ok()
                .get("signing_secret")
                .asString();
        assertThat(newSecret).isNotEqualTo(oldSecret);

        String path = "/rotation-" + UUID.randomUUID();
        deliver(admin, path);
        List<ReceivedRequest> overlap = target.awaitCount(2, DELIVERY).stream()
                .filter(request -> request.path().startsWith(path))
                .toList();
        assertThat(overlap).hasSize(2); // the dispatch and its callback
        for (ReceivedRequest request : overlap) {
            List<String> signatures = signatures(request);
            assertThat(signatures).as(request.path()).hasSize(2);
            assertThat(signatures.get(0)).isEqualTo(hmac(newSecret, timestamp(request) + "." + request.body()));
            assertThat(signatures.get(1)).isEqualTo(hmac(oldSecret, timestamp(request) + "." + request.body()));
        }

        target.reset();
        String newest = admin.post("/v1/tenant/signing-secret/rotate", "{\"overlap\": \"0s\"}")
                .ok()
                .get("signing_secret")
                .asString();
        String afterPath = "/after-" + UUID.randomUUID();
        deliver(admin, afterPath);
        List<ReceivedRequest> after = target.awaitCount(2, DELIVERY);
        for (ReceivedRequest request : after) {
            assertThat(signatures(request))
                    .as(request.path())
                    .containsExactly(hmac(newest, timestamp(request) + "." + request.body()));
        }
    }

    private void deliver(ForemanClient admin, String path) {
        admin.submit(Map.of(
                        "target", Map.of("url", target.url(path + "/job")),
                        "callback_url", target.url(path + "/callback"),
                        "payload", Map.of("rotation", true)))
                .ok();
    }

    private static String header(ReceivedRequest request) {
        String header = request.header("Foreman-Signature");
        assertThat(header).as("Foreman-Signature of " + request.path()).isNotNull();
        return header;
    }

    private static long timestamp(ReceivedRequest request) {
        for (String element : header(request).split(",")) {
            if (element.startsWith("t=")) {
                return Long.parseLong(element.substring(2));
            }
        }
        throw new AssertionError("no t= in " + header(request));
    }

    private static List<String> signatures(ReceivedRequest request) {
        return java.util.Arrays.stream(header(request).split(","))
                .filter(element -> element.startsWith("v1="))
                .map(element -> element.substring(3))
                .toList();
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
