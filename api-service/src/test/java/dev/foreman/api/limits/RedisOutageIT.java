package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiApplication;
import dev.foreman.testkit.infra.PortForwarder;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The api-service with its Redis behind a link the test cuts: rate limits and quotas fail open, so
 * submits and reads go on (never a 5xx), counted in {@code foreman_api_limits_fail_open_total}.
 */
class RedisOutageIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JOB = "{\"target\": {\"url\": \"https://svc.internal/hooks/x\"}}";

    private static PortForwarder redis;
    private static ConfigurableApplicationContext api;
    private static TestTenant tenant;

    @BeforeAll
    static void startTheApiBehindALinkToRedis() {
        TestInfrastructure infra = TestInfrastructure.shared();
        URI direct = URI.create(infra.redisUrl());
        redis = PortForwarder.to(new InetSocketAddress(direct.getHost(), direct.getPort()));
        Map<String, String> settings = new HashMap<>(infra.springProperties());
        settings.put("spring.data.redis.url", "redis://127.0.0.1:" + redis.port());
        settings.put("server.port", "0");
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        api = new SpringApplicationBuilder(ApiApplication.class)
                .registerShutdownHook(false)
                .run(arguments);
        tenant = infra.createTenant("redis-outage-it");
    }

    @AfterAll
    static void stopTheApi() throws Exception {
        if (api != null) {
            api.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void submitsAndReadsGoOnWithoutLimitsWhileRedisIsUnreachable() {
        await("the limiter reaches Redis")
                .atMost(Duration.ofSeconds(30))
                .until(() -> send(get("/v1/jobs?limit=1"))
                        .headers()
                        .firstValue("RateLimit")
                        .isPresent());

        redis.cut();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> submitted = send(post("/v1/jobs", JOB));
            HttpResponse<String> listed = send(get("/v1/jobs?limit=1"));

            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(listed.headers().firstValue("RateLimit-Policy")).isPresent();
            assertThat(listed.headers().firstValue("RateLimit")).isEmpty();
        }
        assertThat(api.getBean(MeterRegistry.class)
                        .counter("foreman.api.limits.fail.open")
                        .count())
                .isGreaterThanOrEqualTo(10);

        redis.restore();
        await("the limiter reaches Redis again")
                .atMost(Duration.ofSeconds(30))
                .until(() -> send(get("/v1/jobs?limit=1"))
                        .headers()
                        .firstValue("RateLimit")
                        .isPresent());
    }

    private static HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private static HttpRequest post(String path, String json) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static HttpRequest.Builder request(String path) {
        String port = api.getEnvironment().getProperty("local.server.port");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tenant.apiKey());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
    }
}
