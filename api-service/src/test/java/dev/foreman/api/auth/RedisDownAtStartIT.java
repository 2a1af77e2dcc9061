package dev.foreman.api.auth;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An api-service replica started while its Redis does not answer (issue #20, chaos finding 1): it
 * starts and serves anyway, and subscribes to the other replicas' key invalidations once Redis
 * answers.
 */
class RedisDownAtStartIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static PortForwarder redis;
    private static ConfigurableApplicationContext api;
    private static TestTenant tenant;

    @BeforeAll
    static void startTheApiWhileItsRedisIsCut() {
        TestInfrastructure infra = TestInfrastructure.shared();
        URI direct = URI.create(infra.redisUrl());
        redis = PortForwarder.to(new InetSocketAddress(direct.getHost(), direct.getPort()));
        redis.cut();
        Map<String, String> settings = new HashMap<>(infra.springProperties());
        settings.put("spring.data.redis.url", "redis://127.0.0.1:" + redis.port());
        settings.put("server.port", "0");
        settings.put("management.server.port", "0");
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        api = new SpringApplicationBuilder(ApiApplication.class)
                .registerShutdownHook(false)
                .run(arguments);
        tenant = infra.createTenant("redis-down-at-start-it");
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
    void aReplicaStartedWhileRedisIsDownServesAndSubscribesToInvalidationsOnceRedisAnswers() {
        KeyInvalidationSubscription subscription = api.getBean(KeyInvalidationSubscription.class);
        assertThat(subscription.subscribed()).isFalse();
        HttpResponse<String> listed = send("/v1/jobs?limit=1");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);

        redis.restore();

        await("the subscription once Redis answers")
                .atMost(Duration.ofSeconds(10))
                .until(subscription::subscribed);
    }

    private static HttpResponse<String> send(String path) {
        String port = api.getEnvironment().getProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .GET()
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
    }
}
