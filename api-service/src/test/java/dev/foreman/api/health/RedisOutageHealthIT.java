package dev.foreman.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiApplication;
import dev.foreman.testkit.infra.PortForwarder;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Redis is coordination, not the truth: with it cut off, the api-service still takes jobs and its
 * aggregate health is DEGRADED with HTTP 200, never DOWN.
 */
class RedisOutageHealthIT {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private PortForwarder redis;
    private ConfigurableApplicationContext api;

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void withRedisCutOffHealthIsDegradedNotDownAndSubmitsStillWork() {
        TestInfrastructure infra = TestInfrastructure.shared();
        URI redisUrl = URI.create(infra.redisUrl());
        redis = PortForwarder.to(new InetSocketAddress(redisUrl.getHost(), redisUrl.getPort()));
        Map<String, Object> properties = new HashMap<>(infra.springProperties());
        properties.put("spring.config.name", "api-service");
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("foreman.api.outbox.relay-enabled", false);
        properties.put("spring.data.redis.url", "redis://127.0.0.1:" + redis.port());
        properties.put("spring.data.redis.timeout", "500ms");
        api = new SpringApplicationBuilder(ApiApplication.class)
                .registerShutdownHook(false)
                .run(properties.entrySet().stream()
                        .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                        .toArray(String[]::new));
        TestTenant tenant = infra.createTenant("redis-outage");
        assertThat(health().body()).contains("\"status\":\"UP\"");

        redis.cut();

        await("health reports the Redis outage")
                .atMost(Duration.ofSeconds(30))
                .until(() -> health().body().contains("\"status\":\"DEGRADED\""));
        assertThat(health().statusCode()).isEqualTo(200);
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(apiUri("/v1/jobs"))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"target\": {\"url\": \"https://example.com/hook\"}, \"delay\": \"1h\"}"))
                .build());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    }

    private HttpResponse<String> health() {
        String port = api.getEnvironment().getProperty("local.management.port");
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10))
                .build());
    }

    private URI apiUri(String path) {
        return URI.create("http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port") + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + " failed", e);
        }
    }
}
