package dev.foreman.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiApplication;
import dev.foreman.common.tenant.ApiKeyRole;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Postgres taken away from a running api-service, as a crash, a restart or a network partition
 * would: the service reaches the shared Postgres only through a {@link PortForwarder} the test cuts.
 * Every endpoint that needs the database answers {@code 503 database_unavailable} with {@code
 * Retry-After} within the pool's connection timeout, never a 500 and never a hang; a key the API has
 * not cached is not refused as unknown; and the service serves again once Postgres is back.
 */
class DatabaseOutageIT {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TARGET = "https://svc.internal/hooks/outage";
    /** api-service.yml's spring.datasource.hikari.connection-timeout, plus room for a busy machine. */
    private static final Duration FAILS_WITHIN = Duration.ofSeconds(5 + 5);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static PortForwarder postgres;
    private static ConfigurableApplicationContext api;
    /** A tenant whose key the service has cached, to see when it serves again. */
    private static TestTenant watcher;

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @BeforeAll
    static void startTheApiBehindALinkToPostgres() {
        TestInfrastructure infra = TestInfrastructure.shared();
        URI direct = URI.create(infra.jdbcUrl().substring("jdbc:".length()));
        postgres = PortForwarder.to(new InetSocketAddress(direct.getHost(), direct.getPort()));
        String throughTheLink = "jdbc:postgresql://127.0.0.1:" + postgres.port() + direct.getRawPath()
                + (direct.getRawQuery() == null ? "" : "?" + direct.getRawQuery());

        Map<String, String> settings = new HashMap<>(infra.springProperties());
        settings.put("spring.datasource.url", throughTheLink);
        settings.put("server.port", "0");
        // As command-line arguments, the way an operator passes them: api-service.yml stays in force.
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        api = new SpringApplicationBuilder(ApiApplication.class)
                .registerShutdownHook(false)
                .run(arguments);
        watcher = infra.createTenant("outage-it-watcher");
    }

    @AfterAll
    static void stopTheApi() throws Exception {
        if (api != null) {
            api.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Each test starts with Postgres reachable and the service's pool connected again. */
    @AfterEach
    void bringPostgresBack() {
        postgres.restore();
        await("the api-service reads from Postgres again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> send(get("/v1/jobs?limit=1", watcher.apiKey())).statusCode() == 200);
    }

    @Test
    void everyEndpointThatNeedsTheDatabaseAnswersDatabaseUnavailableWithRetryAfterWhilePostgresIsUnreachable() {
        TestTenant tenant = infra.createTenant("outage-it");
        JsonNode job = JSON.readTree(
                assertStatus(submit(tenant.apiKey(), UUID.randomUUID()), 202).body());
        String jobPath = "/v1/jobs/" + job.get("id").asString();

        postgres.cut();
        Map<String, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
        answers.put("submit", sendAsync(submitRequest(tenant.apiKey(), UUID.randomUUID())));
        answers.put("batch submit", sendAsync(post("/v1/jobs/batch", tenant.apiKey(), """
                {"jobs": [{"target": {"url": "%s"}}]}
                """.formatted(TARGET))));
        answers.put("read", sendAsync(get(jobPath, tenant.apiKey())));
        answers.put("list", sendAsync(get("/v1/jobs", tenant.apiKey())));
        answers.put("attempts", sendAsync(get(jobPath + "/attempts", tenant.apiKey())));
        answers.put("cancel", sendAsync(post(jobPath + "/cancel", tenant.apiKey(), "")));
        answers.put("retry", sendAsync(post(jobPath + "/retry", tenant.apiKey(), "")));
        answers.put("dead-letter list", sendAsync(get("/v1/dlq", tenant.apiKey())));
        answers.put("schedule create", sendAsync(post("/v1/schedules", tenant.apiKey(), """
                {"name": "outage", "cron": "0 9 * * *", "job": {"target": {"url": "%s"}}}
                """.formatted(TARGET))));
        answers.put("schedule list", sendAsync(get("/v1/schedules", tenant.apiKey())));
        answers.put("tenant", sendAsync(get("/v1/tenant", tenant.apiKey())));

        answers.forEach((endpoint, answer) -> assertDatabaseUnavailable(endpoint, answer.join()));
    }

    @Test
    void aKeyNotInTheCacheIsNeitherRefusedNorLeftHangingWhilePostgresIsUnreachable() {
        TestTenant tenant = infra.createTenant("outage-it");
        String uncachedKey = infra.createApiKey(tenant.id(), ApiKeyRole.MEMBER);

        postgres.cut();
        long started = System.nanoTime();
        HttpResponse<String> answer = send(get("/v1/jobs", uncachedKey));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        JsonNode problem = assertDatabaseUnavailable("authentication", answer);
        assertThat(problem.get("detail").asString()).contains("could not be checked");
        assertThat(took).isLessThan(FAILS_WITHIN);

        postgres.restore();
        await("the uncached key accepted once Postgres is back")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> send(get("/v1/jobs", uncachedKey)).statusCode() == 200);
    }

    @Test
    void oncePostgresWasFoundUnreachableRequestsAreRefusedAtOnceInsteadOfEachWaitingForTheConnectionTimeout() {
        TestTenant tenant = infra.createTenant("outage-it");
        assertStatus(send(get("/v1/jobs?limit=1", tenant.apiKey())), 200);

        postgres.cut();
        // The pooled connections are broken now; the first requests fail fast on them, and each
        // broken one leaves the pool. Once none is left a request waits the pool's connection timeout.
        await("a request waits the pool's whole connection timeout for a connection")
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    long sent = System.nanoTime();
                    assertDatabaseUnavailable("a request", send(get("/v1/jobs?limit=1", tenant.apiKey())));
                    return Duration.ofNanos(System.nanoTime() - sent).compareTo(Duration.ofSeconds(4)) >= 0;
                });
        // Two more at once find no connection either: three failures to connect in a row.
        List<CompletableFuture<HttpResponse<String>>> waiting = IntStream.range(0, 2)
                .mapToObj(i -> sendAsync(get("/v1/jobs?limit=1", tenant.apiKey())))
                .toList();
        waiting.forEach(answer -> assertDatabaseUnavailable("a request that waited", answer.join()));

        // The circuit breaker is open now: the next request does not wait for a connection.
        long started = System.nanoTime();
        HttpResponse<String> refused = send(get("/v1/jobs?limit=1", tenant.apiKey()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertDatabaseUnavailable("a request while the breaker is open", refused);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aSubmitRefusedWhilePostgresWasUnreachableIsAcceptedOnceItIsBack() {
        TestTenant tenant = infra.createTenant("outage-it");
        assertStatus(submit(tenant.apiKey(), UUID.randomUUID()), 202);
        UUID idempotencyKey = UUID.randomUUID();

        postgres.cut();
        long started = System.nanoTime();
        HttpResponse<String> refused = submit(tenant.apiKey(), idempotencyKey);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertDatabaseUnavailable("submit", refused);
        assertThat(took).isLessThan(FAILS_WITHIN);

        postgres.restore();
        HttpResponse<String> accepted = await("the same submit accepted once Postgres is back")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> submit(tenant.apiKey(), idempotencyKey), answer -> answer.statusCode() != 503);
        assertStatus(accepted, 202);
    }

    private static JsonNode assertDatabaseUnavailable(String endpoint, HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(endpoint + ": " + answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type"))
                .as(endpoint)
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        assertThat(answer.headers().firstValue("Retry-After")).as(endpoint).hasValue("1");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asString()).as(endpoint).isEqualTo("database_unavailable");
        assertThat(problem.get("status").asInt()).as(endpoint).isEqualTo(503);
        assertThat(answer.body()).as(endpoint).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }

    private static HttpResponse<String> assertStatus(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return answer;
    }

    private static HttpResponse<String> submit(String apiKey, UUID idempotencyKey) {
        return send(submitRequest(apiKey, idempotencyKey));
    }

    private static HttpRequest submitRequest(String apiKey, UUID idempotencyKey) {
        return request("/v1/jobs", apiKey)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey.toString())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"target": {"url": "%s"}}
                        """.formatted(TARGET)))
                .build();
    }

    private static HttpRequest get(String path, String apiKey) {
        return request(path, apiKey).GET().build();
    }

    private static HttpRequest post(String path, String apiKey, String json) {
        return request(path, apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static HttpRequest.Builder request(String path, String apiKey) {
        String port = api.getEnvironment().getProperty("local.server.port");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return sendAsync(request).join();
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
