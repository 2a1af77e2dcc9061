package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiApplication;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.contract.OpenApiContract;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One tenant's slow request bodies against an api-service of four request slots, half of which one
 * tenant may hold (issue #14: "one tenant's slow bodies cannot turn every tenant's requests into
 * 503"). The slow tenant's requests are admitted (they are authenticated) and then wait for their
 * bodies while holding their slots; another tenant's submits are still served.
 */
class TenantShareIT {
    private static final int SLOTS = 4;
    private static final int SHARE = 2;
    private static final String JOB = "{\"target\": {\"url\": \"https://svc.internal/hooks/share\"}}";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static ConfigurableApplicationContext api;
    private static ConcurrencyLimitFilter slots;

    @BeforeAll
    static void startAnApiWithFourSlots() {
        Map<String, Object> properties =
                new HashMap<>(TestInfrastructure.shared().springProperties());
        properties.put("spring.config.name", "api-service");
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("foreman.api.outbox.relay-enabled", false);
        properties.put("foreman.api.limits.requests-per-second", 100_000);
        properties.put("foreman.api.max-concurrent-requests", SLOTS);
        properties.put("foreman.api.max-tenant-share", 0.5);
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        api = new SpringApplicationBuilder(ApiApplication.class)
                .registerShutdownHook(false)
                .run(arguments);
        slots = (ConcurrencyLimitFilter) api.getBean("concurrencyLimitFilter", FilterRegistrationBean.class)
                .getFilter();
    }

    @AfterAll
    static void stopTheApi() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aTenantHoldingItsShareWithSlowBodiesLeavesTheOtherTenantsSubmitsServed() throws Exception {
        TestTenant slow = TestInfrastructure.shared().createTenant("share-slow");
        TestTenant other = TestInfrastructure.shared().createTenant("share-other");
        List<SlowSubmit> held = new ArrayList<>();
        try {
            for (int i = 0; i < SHARE; i++) {
                held.add(SlowSubmit.start(port(), slow.apiKey()));
            }
            await("the slow tenant's requests hold its share of the slots")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> slots.inFlight(slow.id()) == SHARE);

            HttpResponse<String> beyondItsShare = submit(slow.apiKey());
            List<HttpResponse<String>> others = Race.run(SLOTS - SHARE, () -> submit(other.apiKey()));
            HttpResponse<String> oneMore = submit(other.apiKey());

            assertThat(beyondItsShare.statusCode()).as(beyondItsShare.body()).isEqualTo(503);
            assertThat(beyondItsShare.body())
                    .contains("\"code\":\"overloaded\"")
                    .contains("its share");
            assertThat(beyondItsShare.headers().firstValue("Retry-After")).contains("1");
            assertThat(others).extracting(HttpResponse::statusCode).containsOnly(202);
            assertThat(oneMore.statusCode()).as(oneMore.body()).isEqualTo(202);

            for (SlowSubmit submit : held) {
                assertThat(submit.finish()).startsWith("HTTP/1.1 202");
            }
            held.clear();
            await("the slow tenant's slots released")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> slots.inFlight(slow.id()) == 0);
            assertThat(submit(slow.apiKey()).statusCode()).isEqualTo(202);
        } finally {
            for (SlowSubmit submit : held) {
                submit.close();
            }
        }
    }

    @Test
    void badKeysAreRefusedBeforeTheSlotsSoAnApiWithEverySlotHeldStillAnswersThem401() throws Exception {
        List<SlowSubmit> held = new ArrayList<>();
        try {
            for (int tenant = 0; tenant < SLOTS / SHARE; tenant++) {
                String key =
                        TestInfrastructure.shared().createTenant("share-full").apiKey();
                for (int i = 0; i < SHARE; i++) {
                    held.add(SlowSubmit.start(port(), key));
                }
            }
            await("every slot held by slow bodies")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> slots.inFlight() == SLOTS);

            List<HttpResponse<String>> badKeys = Race.run(8, () -> submit("fm_not-a-key-of-anyone"));
            HttpResponse<String> goodKey = submit(
                    TestInfrastructure.shared().createTenant("share-late").apiKey());

            assertThat(badKeys).extracting(HttpResponse::statusCode).containsOnly(401);
            assertThat(goodKey.statusCode()).as(goodKey.body()).isEqualTo(503);
            assertThat(goodKey.body()).contains("\"code\":\"overloaded\"");
        } finally {
            for (SlowSubmit submit : held) {
                submit.close();
            }
        }
        await("the slots released").atMost(Duration.ofSeconds(10)).until(() -> slots.inFlight() == 0);
    }

    private static HttpResponse<String> submit(String key) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/v1/jobs"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JOB))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            OpenApiContract.shared()
                    .check(
                            "POST",
                            "/v1/jobs",
                            response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null),
                            response.body());
            return response;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("POST /v1/jobs failed", e);
        }
    }

    private static int port() {
        return Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
    }

    /** A submit over a raw connection that sends its head and the first bytes of its body, then pauses. */
    private record SlowSubmit(Socket socket, byte[] body) implements AutoCloseable {
        private static final int SENT_FIRST = 10;

        static SlowSubmit start(int port, String key) throws IOException {
            byte[] body = JOB.getBytes(StandardCharsets.UTF_8);
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            String head = "POST /v1/jobs HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + key + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, SENT_FIRST);
            out.flush();
            return new SlowSubmit(socket, body);
        }

        /** Sends the rest of the body and returns the whole answer. */
        String finish() {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(body, SENT_FIRST, body.length - SENT_FIRST);
                out.flush();
                InputStream in = socket.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed: nothing to release.
            }
        }
    }
}
