package dev.foreman.api;

import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api-service running on a random port against the shared real Postgres, Kafka and Redis, with
 * an HTTP client speaking to it as a user would. Every integration test of the module extends this
 * one configuration, so they share a single application context.
 */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningApi {
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String PROBLEM_JSON = "application/problem+json";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.registerSpringProperties(registry);
    }

    protected static TestInfrastructure infra() {
        return TestInfrastructure.shared();
    }

    /** A fresh tenant: tests share one database and isolate themselves by tenant. */
    protected static TestTenant newTenant() {
        return infra().createTenant("api-it");
    }

    protected HttpResponse<String> get(String path, String apiKey) {
        return send(request(path, apiKey).GET().build());
    }

    protected HttpResponse<String> post(String path, String apiKey, String json, String... headers) {
        HttpRequest.Builder request = request(path, apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A POST whose length is not declared: the client streams it chunked. */
    protected HttpResponse<String> postChunked(String path, String apiKey, byte[] body) {
        return send(request(path, apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("HTTP call " + request.method() + " " + request.uri() + " failed", e);
        }
    }

    protected HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
