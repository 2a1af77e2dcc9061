package dev.foreman.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.testkit.contract.OpenApiContract;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.StoredJobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api-service running on a random port against the shared real Postgres, Kafka and Redis, with
 * an HTTP client speaking to it as a user would. Every integration test of the module extends this
 * one configuration, so they share a single application context.
 */
// A high default rate limit: tests send bursts with one key; RateLimitIT gives its tenants low ones.
@SpringBootTest(
        classes = ApiApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "foreman.api.limits.requests-per-second=100000")
public abstract class RunningApi {
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String PROBLEM_JSON = "application/problem+json";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    private int port;

    /** The management port: actuator endpoints other than the probes are served only there. */
    @LocalManagementPort
    private int managementPort;

    /**
     * Jobs written straight to the database in the state a test needs, through the API's own
     * connection and clock. No worker runs beside the api-service here, so they stay where they are put.
     */
    protected StoredJobs stored;

    @Autowired
    void storedJobs(JdbcClient jdbc, Clock clock) {
        stored = new StoredJobs(jdbc, clock);
    }

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

    protected HttpResponse<String> patch(String path, String apiKey, String json) {
        return send(request(path, apiKey)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    protected HttpResponse<String> delete(String path, String apiKey) {
        return send(request(path, apiKey).DELETE().build());
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
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            OpenApiContract.shared()
                    .check(
                            request.method(),
                            request.uri().getRawPath(),
                            response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null),
                            response.body());
            return response;
        } catch (IOException | InterruptedException e) {
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

    /** A GET on the management port, without a key. */
    protected HttpResponse<String> getManagement(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The id of a job as the API returned it. */
    protected static UUID id(JsonNode job) {
        return UUID.fromString(job.get("id").asString());
    }

    protected static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** Asserts a well-formed problem+json answer with this status and code, and returns its body. */
    protected static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).endsWith("/" + code);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
