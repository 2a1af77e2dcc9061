package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trace context from the client to the target, as a user sees it: a submit's {@code traceparent}
 * reaches the target and the callback receiver as a child in the same trace (DESIGN §4).
 */
class TracingE2EIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static ForemanSystem system;
    private static StubTarget target;
    private static ForemanClient foreman;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
        target = StubTarget.start();
        foreman = system.newTenantClient();
    }

    @AfterAll
    static void stopTheTarget() {
        target.close();
    }

    @Test
    void aSubmitsTraceparentReachesTheTargetWithTheSameTraceIdAndAnotherParent() {
        String traceId = newId(16);
        String clientSpan = newId(8);

        String id = foreman.submitInTrace(job("/traced"), "00-" + traceId + "-" + clientSpan + "-01")
                .ok()
                .get("id")
                .asString();

        String sent = delivered(target, id).header("traceparent");
        assertThat(sent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(sent.substring(36, 52)).isNotEqualTo(clientSpan).isNotEqualTo("0".repeat(16));
    }

    @Test
    void theCallbackReceiverIsInTheSubmitsTraceToo() {
        String traceId = newId(16);
        try (StubTarget receiver = StubTarget.start()) {
            Map<String, Object> job = job("/with-callback");
            job.put("callback_url", receiver.url("/done"));

            foreman.submitInTrace(job, "00-" + traceId + "-" + newId(8) + "-01").ok();

            ReceivedRequest callback = receiver.awaitCount(1, PATIENCE).getFirst();
            assertThat(callback.header("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        }
    }

    @Test
    void anInvalidTraceparentStartsANewTraceInsteadOfFailingTheSubmit() {
        String id = foreman.submitInTrace(job("/untraced"), "00-not-a-trace-01")
                .ok()
                .get("id")
                .asString();

        assertThat(delivered(target, id).header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    private static ReceivedRequest delivered(StubTarget target, String jobId) {
        return await("job " + jobId + " delivered")
                .atMost(PATIENCE)
                .until(() -> target.receivedFor(jobId), requests -> !requests.isEmpty())
                .getFirst();
    }

    private static Map<String, Object> job(String path) {
        return new HashMap<>(Map.of("queue", "e2e-tracing", "target", Map.of("url", target.url(path))));
    }

    private static String newId(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
