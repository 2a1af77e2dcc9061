package dev.foreman.api.problem;

import static dev.foreman.testkit.jobs.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.foreman.api.RunningApi;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.testkit.contract.OpenApiContract;
import dev.foreman.testkit.infra.TestTenant;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * No input reaches a 5xx (issue #14): generated bodies, headers, query strings and path ids against
 * every {@code /v1} endpoint of the running api-service on real Postgres, Kafka and Redis. Every
 * answer is below 500; every error is problem+json with a code that {@code docs/errors.md} lists;
 * a refused request leaves the tenant's jobs, outbox and schedules as they were.
 *
 * <p>Property-based in the manner of jqwik, on JUnit Jupiter: a property here must share {@link
 * RunningApi}'s Spring context, which jqwik's engine does not run. Inputs come from {@link
 * HostileInputs} with one seed per run; a failure prints the input and the seed, and {@code
 * -Dforeman.fuzz.seed=N} replays that run. {@code -Dforeman.fuzz.scale=0.1} runs a tenth of the
 * inputs (1.0, the default, runs about 10,000).
 *
 * <p>The build runs one fixed seed, so a red build always means a change broke something, never that
 * this run happened to find an old bug. Hunt with fresh seeds on purpose: {@code
 * -Dforeman.fuzz.seed=random} (the seed is printed), and turn what it finds into a fix and a case.
 */
class HostileInputIT extends RunningApi {
    private static final long FIXED_SEED = 6848949636878L;
    private static final long SEED = seed(System.getProperty("foreman.fuzz.seed"));
    private static final double SCALE = Double.parseDouble(System.getProperty("foreman.fuzz.scale", "1"));
    private static final AtomicInteger SENT = new AtomicInteger();
    private static final Map<String, Pattern> OPERATIONS = documentedOperations();
    private static final Set<String> REACHED = ConcurrentHashMap.newKeySet();
    private static final Set<String> RAN = ConcurrentHashMap.newKeySet();
    private static final Map<Integer, Integer> ANSWERED = new ConcurrentSkipListMap<>();

    /** Inputs sent for one tenant before the next tenant: keeps the fingerprint reads small. */
    private static final int INPUTS_PER_TENANT = 400;

    private static final Set<String> DOCUMENTED_CODES = ErrorCatalogueTest.documentedCodes();

    private static final List<String> JOB_LIST_PARAMETERS =
            List.of("state", "queue", "type", "priority", "limit", "cursor");
    private static final List<String> DEAD_LETTER_PARAMETERS = List.of("queue", "type", "priority", "limit", "cursor");
    private static final List<String> SCHEDULE_LIST_PARAMETERS = List.of("limit", "cursor");
    private static final List<String> AUDIT_PARAMETERS = List.of("tenant_id", "limit", "cursor");
    private static final List<String> EVENT_PARAMETERS = List.of("queue", "job_id", "last_event_id");

    /** For event streams: an accepted one never ends, so its answer is read up to its head only. */
    private static final HttpClient STREAMS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // The columns a request can change: inserts change the count, cancel and retry the state,
    // attempt and updated_at, a discard dlq_discarded_at.
    private static final String WRITES = """
            SELECT (SELECT count(*) FROM jobs WHERE tenant_id = :tenant) AS jobs,
                   (SELECT md5(coalesce(string_agg(
                                concat_ws('|', j.id, j.state, j.attempt, j.max_attempts, j.run_at, j.updated_at,
                                          j.dlq_discarded_at), ',' ORDER BY j.id), ''))
                    FROM jobs j
                    WHERE j.tenant_id = :tenant) AS job_rows,
                   (SELECT count(*) FROM outbox WHERE tenant_id = :tenant) AS outbox_rows,
                   (SELECT coalesce(max(id), 0) FROM outbox WHERE tenant_id = :tenant) AS last_outbox_id,
                   (SELECT count(*) FROM schedules WHERE tenant_id = :tenant) AS schedules,
                   (SELECT md5(coalesce(string_agg(s::text, ',' ORDER BY s.id), ''))
                    FROM schedules s
                    WHERE s.tenant_id = :tenant) AS schedule_rows,
                   (SELECT count(*)
                    FROM schedule_fires f
                    JOIN schedules s ON s.id = f.schedule_id
                    WHERE s.tenant_id = :tenant) AS fires,
                   (SELECT count(*) FROM tenants) AS tenants,
                   (SELECT md5(coalesce(string_agg(
                                concat_ws('|', t.id, t.name, t.state, t.signing_secret, t.previous_signing_secret,
                                          t.previous_secret_expires_at, t.updated_at, t.requests_per_second,
                                          t.max_active_jobs, t.max_schedules), ',' ORDER BY t.id), ''))
                    FROM tenants t
                    WHERE t.id IN (:tenant, :victim)) AS tenant_rows,
                   (SELECT md5(coalesce(string_agg(
                                concat_ws('|', k.id, k.name, k.role, k.expires_at, k.revoked_at), ','
                                ORDER BY k.id), ''))
                    FROM api_keys k
                    WHERE k.tenant_id IN (:tenant, :victim)) AS key_rows,
                   (SELECT count(*)
                    FROM audit_log a
                    WHERE a.target_tenant_id IN (:tenant, :victim)
                       OR a.actor_tenant_id IN (:tenant, :home)) AS audit_entries,
                   (SELECT md5(coalesce(string_agg(q::text, ',' ORDER BY q.name), ''))
                    FROM queues q
                    WHERE q.tenant_id = :tenant) AS queue_rows
            """;

    @Autowired
    JdbcClient jdbc;

    private HostileInputs inputs;

    private static long seed(String requested) {
        if (requested == null || requested.isBlank()) {
            return FIXED_SEED;
        }
        return requested.equals("random") ? System.nanoTime() : Long.parseLong(requested);
    }

    private long seed;
    private Fixture fixture;
    private int sentToTenant;

    @BeforeEach
    void seedFor(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName();
        seed = SEED ^ name.hashCode();
        inputs = new HostileInputs(seed);
        RAN.add(name);
    }

    @AfterAll
    static void reportInputs() {
        System.out.printf(
                "HostileInputIT sent %d generated inputs (seed %d, scale %s) to %d operations; answers by status: %s%n",
                SENT.get(), SEED, SCALE, REACHED.size(), ANSWERED);
    }

    /**
     * Every operation of docs/openapi.yaml got generated inputs, once every generating test ran
     * (those named "…Never…"): a new endpoint without hostile inputs fails here.
     */
    @AfterAll
    static void everyDocumentedOperationGotGeneratedInputs() {
        List<String> generating = Arrays.stream(HostileInputIT.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class))
                .map(Method::getName)
                .filter(name -> name.contains("Never"))
                .toList();
        if (!RAN.containsAll(generating)) {
            return; // a selection of tests ran (-Dit.test=HostileInputIT#…): coverage is not theirs to judge
        }
        assertThat(REACHED)
                .as("operations of docs/openapi.yaml that got generated inputs")
                .containsAll(OPERATIONS.keySet());
    }

    /** The document's operations, as {@code METHOD /template}, each with the pattern of its path. */
    private static Map<String, Pattern> documentedOperations() {
        Map<String, Pattern> operations = new LinkedHashMap<>();
        OpenApiContract.shared().document().path("paths").properties().forEach(path -> {
            Pattern pattern = Pattern.compile(Pattern.quote(path.getKey()).replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q"));
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                if (path.getValue().has(method)) {
                    operations.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(), pattern);
                }
            }
        });
        return operations;
    }

    /** Notes which documented operation an input was sent to, if any. */
    private static void noteReached(Input input) {
        int query = input.path().indexOf('?');
        String path = query < 0 ? input.path() : input.path().substring(0, query);
        OPERATIONS.forEach((operation, pattern) -> {
            if (operation.startsWith(input.method() + " ")
                    && pattern.matcher(path).matches()) {
                REACHED.add(operation);
            }
        });
    }

    @Test
    void submittedJobsNeverAnswerA5xxAndARefusedOneWritesNothing() {
        repeat(
                2_500,
                () -> new Input("POST", "/v1/jobs", inputs.mutated(inputs.validJob()))
                        .withContentType(inputs.contentType())
                        .withIdempotencyKey(inputs.idempotencyKey()));
    }

    @Test
    void batchesNeverAnswerA5xxAndARefusedOneWritesNothing() {
        repeat(900, () -> {
            ObjectNode batch = JSON.createObjectNode();
            ArrayNode jobs = batch.putArray("jobs");
            int size = inputs.between(1, 6);
            for (int i = 0; i < size; i++) {
                jobs.add(inputs.validJob());
            }
            return new Input("POST", "/v1/jobs/batch", inputs.mutated(batch))
                    .withContentType(inputs.contentType())
                    .withIdempotencyKey(inputs.chance(0.05) ? "key" : null);
        });
    }

    @Test
    void aBatchWithOneBadJobAmongGoodOnesWritesNone() {
        List<String> badJobs = List.of(
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"payload\": 1e131000}",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"payload\": {\"a\": [\"\\u0000\"]}}",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"run_at\": \"0000-01-01T00:00:00Z\"}",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"run_at\": \"-0001-01-01T00:00:00Z\"}",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"type\": \"a\\u0000b\"}",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"labels\": {\"team\": \"a\\nb\"}}",
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"priority\": 5}",
                "{\"target\": {\"url\": \"https://svc.internal/x\", \"headers\": {\"X-A\": \"\\u0000\"}}}",
                "{\"target\": {\"url\": \"https://svc.internal/\\u0000\"}}");
        repeat(300, () -> {
            List<String> jobs = new ArrayList<>();
            int size = inputs.between(1, 6);
            for (int i = 0; i < size; i++) {
                jobs.add(inputs.validJob().toString());
            }
            jobs.add(inputs.between(0, jobs.size() + 1), inputs.oneOf(badJobs));
            return new Input("POST", "/v1/jobs/batch", "{\"jobs\": [" + String.join(", ", jobs) + "]}")
                    .expectingRefusal();
        });
    }

    @Test
    void jobAndDeadLetterListsNeverAnswerA5xx() {
        repeat(
                1_500,
                () -> inputs.chance(0.6)
                        ? new Input("GET", "/v1/jobs" + inputs.query(JOB_LIST_PARAMETERS), null)
                        : new Input("GET", "/v1/dlq" + inputs.query(DEAD_LETTER_PARAMETERS), null));
    }

    @Test
    void actionsOnAJobNeverAnswerA5xxAndARefusedOneWritesNothing() {
        repeat(1_200, () -> {
            String id = inputs.id(fixture.jobIds());
            return switch (inputs.between(0, 8)) {
                case 0 -> new Input("GET", "/v1/jobs/" + id, null);
                case 1 -> new Input("GET", "/v1/jobs/" + id + "/attempts", null);
                case 2 -> new Input("GET", "/v1/jobs/" + id + "/callbacks", null);
                case 3 -> new Input("POST", "/v1/jobs/" + id + "/cancel", null);
                case 4 -> new Input("POST", "/v1/jobs/" + id + "/retry", null);
                case 5 -> new Input("POST", "/v1/dlq/" + id + "/retry", null);
                case 6 -> new Input("DELETE", "/v1/dlq/" + id, null);
                default ->
                    new Input(inputs.oneOf(List.of("PUT", "PATCH", "DELETE")), "/v1/jobs/" + id, "{}")
                            .withContentType(inputs.contentType());
            };
        });
    }

    @Test
    void bulkDeadLetterRetriesNeverAnswerA5xxAndARefusedOneWritesNothing() {
        repeat(
                800,
                () -> inputs.chance(0.1)
                        ? new Input("POST", "/v1/dlq/retry", null)
                        : new Input("POST", "/v1/dlq/retry", inputs.mutated(inputs.validDeadLetterSelection()))
                                .withContentType(inputs.contentType()));
    }

    @Test
    void schedulesNeverAnswerA5xxAndARefusedChangeWritesNothing() {
        repeat(2_500, () -> {
            String id = inputs.id(fixture.scheduleIds());
            int pick = inputs.between(0, 20);
            if (pick < 8) {
                return new Input("POST", "/v1/schedules", inputs.mutated(inputs.validSchedule()))
                        .withContentType(inputs.contentType());
            }
            if (pick < 14) {
                return new Input("PATCH", "/v1/schedules/" + id, inputs.mutated(inputs.validScheduleChange()))
                        .withContentType(inputs.contentType());
            }
            return switch (pick) {
                case 14 -> new Input("GET", "/v1/schedules" + inputs.query(SCHEDULE_LIST_PARAMETERS), null);
                case 15 -> new Input("GET", "/v1/schedules/" + id, null);
                case 16 -> new Input("POST", "/v1/schedules/" + id + "/pause", null);
                case 17 -> new Input("POST", "/v1/schedules/" + id + "/resume", null);
                case 18 -> new Input("POST", "/v1/schedules/" + id + "/trigger", null);
                default -> new Input("DELETE", "/v1/schedules/" + id, null);
            };
        });
    }

    @Test
    void tenantReadsNeverAnswerA5xx() {
        repeat(
                300,
                () -> new Input(
                                inputs.chance(0.8) ? "GET" : inputs.oneOf(List.of("POST", "PUT", "DELETE")),
                                "/v1/tenant" + inputs.query(List.of("limit", "id")),
                                null)
                        .withAuthorization(
                                inputs.chance(0.8)
                                        ? null
                                        : inputs.oneOf(
                                                List.of("", "Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer x"))));
    }

    @Test
    void tenantAdministrationNeverAnswersA5xxAndARefusedChangeWritesNothing() {
        repeat(1_200, () -> {
            String id = inputs.id(fixture.tenantIds());
            int pick = inputs.between(0, 20);
            Input input;
            if (pick < 8) {
                input = new Input("POST", "/v1/admin/tenants", inputs.mutated(inputs.validTenant()))
                        .withContentType(inputs.contentType());
            } else if (pick < 14) {
                input = new Input("PATCH", "/v1/admin/tenants/" + id, inputs.mutated(inputs.validTenantChange()))
                        .withContentType(inputs.contentType());
            } else if (pick < 18) {
                input = new Input("GET", "/v1/admin/tenants/" + id, null);
            } else if (pick < 19) {
                input = new Input(inputs.oneOf(List.of("PUT", "DELETE", "POST")), "/v1/admin/tenants/" + id, "{}")
                        .withContentType(inputs.contentType());
            } else {
                // Every tenant of the test database: a large answer, so asked rarely.
                input = inputs.chance(0.2)
                        ? new Input("GET", "/v1/admin/tenants" + inputs.query(List.of("limit", "cursor")), null)
                        : new Input("GET", "/v1/admin/tenants/" + id, null);
            }
            return input.withAuthorization("Bearer " + fixture.operatorKey());
        });
    }

    @Test
    void keyAdministrationAndTheAuditLogNeverAnswerA5xxAndARefusedChangeWritesNothing() {
        repeat(1_000, () -> {
            String tenantId = inputs.id(fixture.tenantIds());
            Input input = switch (inputs.between(0, 10)) {
                case 0, 1, 2, 3 ->
                    new Input("POST", "/v1/admin/tenants/" + tenantId + "/keys", inputs.mutated(inputs.validKey()))
                            .withContentType(inputs.contentType());
                case 4, 5 -> new Input("GET", "/v1/admin/tenants/" + tenantId + "/keys", null);
                case 6 -> new Input("DELETE", "/v1/admin/keys/" + inputs.id(fixture.revocableKeyIds()), null);
                case 7 ->
                    new Input(inputs.oneOf(List.of("GET", "PATCH", "POST")), "/v1/admin/keys/" + tenantId, "{}")
                            .withContentType(inputs.contentType());
                default ->
                    new Input(
                            "GET",
                            "/v1/admin/audit"
                                    + (inputs.chance(0.3)
                                            ? "?tenant_id=" + inputs.id(fixture.tenantIds())
                                            : inputs.query(AUDIT_PARAMETERS)),
                            null);
            };
            return input.withAuthorization("Bearer " + fixture.operatorKey());
        });
    }

    @Test
    void aTenantsOwnKeysNeverAnswerA5xxAndARefusedChangeWritesNothing() {
        repeat(800, () -> switch (inputs.between(0, 10)) {
            case 0, 1, 2, 3, 4 ->
                new Input("POST", "/v1/keys", inputs.mutated(inputs.validKey())).withContentType(inputs.contentType());
            case 5, 6 -> new Input("GET", "/v1/keys" + inputs.query(List.of("limit", "role")), null);
            case 7, 8 -> new Input("DELETE", "/v1/keys/" + inputs.id(fixture.revocableKeyIds()), null);
            default ->
                new Input(
                                inputs.oneOf(List.of("PUT", "PATCH", "GET", "POST")),
                                "/v1/keys/" + inputs.id(fixture.revocableKeyIds()),
                                "{}")
                        .withContentType(inputs.contentType());
        });
    }

    @Test
    void queuesNeverAnswerA5xxAndARefusedChangeWritesNothing() {
        repeat(1_500, () -> {
            String name = inputs.queueName(fixture.queues());
            return switch (inputs.between(0, 12)) {
                case 0 -> new Input("GET", "/v1/queues" + inputs.query(List.of("limit", "name")), null);
                case 1, 2 -> new Input("GET", "/v1/queues/" + name, null);
                case 3, 4, 5, 6 ->
                    new Input("PATCH", "/v1/queues/" + name, inputs.mutated(inputs.validQueueChange()))
                            .withContentType(inputs.contentType());
                case 7 -> new Input("POST", "/v1/queues/" + name + "/pause", null);
                case 8 -> new Input("POST", "/v1/queues/" + name + "/resume", null);
                case 9 ->
                    new Input("POST", "/v1/queues/" + name + "/purge", inputs.mutated(inputs.validPurge()))
                            .withContentType(inputs.contentType());
                case 10 -> new Input("POST", "/v1/queues/" + name + "/purge", null);
                default ->
                    new Input(inputs.oneOf(List.of("PUT", "DELETE", "POST")), "/v1/queues/" + name, "{}")
                            .withContentType(inputs.contentType());
            };
        });
    }

    @Test
    void signingSecretRotationAndStatsNeverAnswerA5xx() {
        repeat(500, () -> switch (inputs.between(0, 5)) {
            case 0, 1 ->
                new Input("POST", "/v1/tenant/signing-secret/rotate", inputs.mutated(inputs.validRotation()))
                        .withContentType(inputs.contentType());
            case 2 -> new Input("POST", "/v1/tenant/signing-secret/rotate", null);
            default -> new Input("GET", "/v1/stats" + inputs.query(List.of("queue", "window")), null);
        });
    }

    @Test
    void eventStreamsNeverAnswerA5xx() {
        repeat(
                300,
                () -> new Input("GET", "/v1/events" + inputs.query(EVENT_PARAMETERS), null)
                        .withHeader("Last-Event-ID", inputs.lastEventId()));
    }

    // --- The cases issue #14 names, each once --------------------------------------------------

    @Test
    void refusesAPayloadNumberThatEveryReadWouldWriteOutInHundredsOfKilobytes() {
        TestTenant tenant = newTenant();

        HttpResponse<String> response = post(
                "/v1/jobs",
                tenant.apiKey(),
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"payload\": 1e131000}");

        assertThat(fields(assertProblem(response, 422, "validation_failed"))).containsExactly("payload");
        assertNoJobs(tenant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "-4714-11-24T00:00:00Z"})
    void refusesRunAtInYearZeroOrANegativeYear(String runAt) {
        TestTenant tenant = newTenant();

        HttpResponse<String> response = post(
                "/v1/jobs",
                tenant.apiKey(),
                "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"run_at\": \"" + runAt + "\"}");

        assertThat(fields(assertProblem(response, 422, "validation_failed"))).containsExactly("run_at");
        assertNoJobs(tenant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/jobs?queue=%00", "/v1/jobs?type=a%0AINFO%20forged", "/v1/dlq?queue=a%0D%0Ab"})
    void refusesNulAndNewlinesInListFilters(String path) {
        assertProblem(get(path, newTenant().apiKey()), 400, "invalid_parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"queue\": \"a\\u0000\"}", "{\"type\": \"a\\nINFO forged\"}"})
    void refusesNulAndNewlinesInTheSelectionOfABulkDeadLetterRetry(String selection) {
        TestTenant tenant = newTenant();
        String dead = stored.dead(tenant, aJob().targeting("https://svc.internal/x"))
                .id()
                .toString();

        assertProblem(post("/v1/dlq/retry", tenant.apiKey(), selection), 422, "validation_failed");
        assertThat(json(get("/v1/jobs/" + dead, tenant.apiKey())).get("state").asString())
                .isEqualTo("dead");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483648", "1E+2147483648", "-1e-2147483649"})
    void refusesANumberWhoseExponentTheJsonReaderCannotHoldAsMalformedJson(String number) {
        TestTenant tenant = newTenant();

        assertProblem(
                patch("/v1/queues/exponents", tenant.apiKey(), "{\"rate_limit\": {\"per_second\": " + number + "}}"),
                400,
                "malformed_json");
        assertProblem(
                post(
                        "/v1/jobs",
                        tenant.apiKey(),
                        "{\"target\": {\"url\": \"https://svc.internal/x\"}, \"payload\": " + number + "}"),
                400,
                "malformed_json");
        assertProblem(get("/v1/queues/exponents", tenant.apiKey()), 404, "not_found");
        assertNoJobs(tenant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "1e-400", "-1e400", "0.0", "100000.0000001", "1%s"})
    void refusesAQueueRateOutsideWhatADoubleAboveZeroHoldsAndWritesNoSettings(String number) {
        TestTenant tenant = newTenant();
        String perSecond = number.formatted("1".repeat(999));

        HttpResponse<String> response =
                patch("/v1/queues/rates", tenant.apiKey(), "{\"rate_limit\": {\"per_second\": " + perSecond + "}}");

        assertThat(fields(assertProblem(response, 422, "validation_failed"))).containsExactly("rate_limit.per_second");
        assertProblem(get("/v1/queues/rates", tenant.apiKey()), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+294277-01-01T00:00:00Z", "-4714-11-24T00:00:00Z", "1969-12-31T23:59:59Z"})
    void refusesAnAuditCursorWithATimeNoEntryCanHave(String time) {
        String operator = infra().createApiKey(newTenant().id(), ApiKeyRole.OPERATOR);
        String cursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((time + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

        assertProblem(get("/v1/admin/audit?cursor=" + cursor, operator), 400, "invalid_cursor");
    }

    private void assertNoJobs(TestTenant tenant) {
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE tenant_id = :tenant")
                        .param("tenant", tenant.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private static List<String> fields(JsonNode problem) {
        return elements(problem.get("errors")).stream()
                .map(error -> error.get("field").asString())
                .toList();
    }

    // --- Generated inputs ---------------------------------------------------------------------

    /** Sends {@code tries} (times the scale) generated inputs and checks each answer. */
    private void repeat(int tries, Supplier<Input> input) {
        int count = Math.max(1, (int) Math.round(tries * SCALE));
        for (int i = 0; i < count; i++) {
            if (fixture == null || sentToTenant >= INPUTS_PER_TENANT) {
                fixture = Fixture.create(this);
                sentToTenant = 0;
            }
            Input generated = input.get();
            Writes before = writes();
            Answer response = send(generated);
            Writes after = writes();
            SENT.incrementAndGet();
            noteReached(generated);
            ANSWERED.merge(response.statusCode(), 1, Integer::sum);
            sentToTenant++;
            check(generated, response, before, after);
        }
    }

    private Answer send(Input input) {
        HttpRequest.Builder request = request(input.path(), fixture.tenant().apiKey());
        HttpRequest.BodyPublisher body = input.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(input.body());
        request.method(input.method(), body);
        // The client refuses header values it cannot send; those inputs go without the header.
        trySetHeader(request, "Content-Type", input.body() == null ? null : input.contentType());
        trySetHeader(request, "Idempotency-Key", input.idempotencyKey());
        trySetHeader(request, "Authorization", input.authorization());
        input.headers().forEach((name, value) -> trySetHeader(request, name, value));
        if (input.path().startsWith("/v1/events")) {
            return sendToStream(request.build());
        }
        HttpResponse<String> response = send(request.build());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("RateLimit-Policy").orElse(null),
                response.body());
    }

    /**
     * An event stream's request: an accepted stream is left at its head (it never ends), anything
     * else is read whole and checked against the document like every other answer.
     */
    private static Answer sendToStream(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = STREAMS.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            try (InputStream stream = response.body()) {
                String body =
                        response.statusCode() == 200 ? null : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                OpenApiContract.shared()
                        .check(request.method(), request.uri().getRawPath(), response.statusCode(), contentType, body);
                return new Answer(
                        response.statusCode(),
                        contentType,
                        response.headers().firstValue("RateLimit-Policy").orElse(null),
                        body == null ? "" : body);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("HTTP call " + request.method() + " " + request.uri() + " failed", e);
        }
    }

    private static void trySetHeader(HttpRequest.Builder request, String name, String value) {
        if (value == null) {
            return;
        }
        try {
            request.setHeader(name, value);
        } catch (IllegalArgumentException e) {
            // Not sendable by java.net.http (a control character, a character above U+00FF).
        }
    }

    private void check(Input input, Answer response, Writes before, Writes after) {
        int status = response.statusCode();
        if (status >= 500) {
            fail(
                    "A generated input reached a %d.%n%s%nAnswer: %s%nReplay with -Dforeman.fuzz.seed=%d",
                    status, input, abbreviated(response.body()), SEED);
        }
        if (input.expectRefusal() && status < 400) {
            fail(
                    "A batch with one bad job was accepted (%d).%n%s%nAnswer: %s%nReplay with -Dforeman.fuzz.seed=%d",
                    status, input, abbreviated(response.body()), SEED);
        }
        String why = "%s%nAnswer %d: %s%nReplay with -Dforeman.fuzz.seed=%d"
                .formatted(input, status, abbreviated(response.body()), SEED);
        if (status != 401 && !input.refusedByTomcat() && !response.body().contains("\"code\":\"bad_request\"")) {
            // DESIGN §3.1: every /v1 answer to a known key carries the rate limit's policy.
            assertThat(response.rateLimitPolicy())
                    .as("RateLimit-Policy of%n%s", why)
                    .isNotNull();
        }
        if (status < 400) {
            return;
        }
        if (input.refusedByTomcat()) {
            // Tomcat answers these with its own 400 page before the application runs.
            assertThat(status).as(why).isEqualTo(400);
            assertThat(after.sameAs(before))
                    .as("a refused request wrote: %s -> %s%n%s", before, after, why)
                    .isTrue();
            return;
        }
        assertThat(response.contentType() == null ? "(none)" : response.contentType())
                .as(why)
                .startsWith(PROBLEM_JSON);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asString()).as(why).isIn(DOCUMENTED_CODES);
        assertThat(problem.path("status").asInt()).as(why).isEqualTo(status);
        assertThat(problem.path("detail").asString()).as(why).isNotBlank();
        assertThat(after.sameAs(before))
                .as("a refused request wrote: %s -> %s%n%s", before, after, why)
                .isTrue();
    }

    private Writes writes() {
        return jdbc.sql(WRITES)
                .param("tenant", fixture.tenant().id())
                .param("victim", fixture.victim().id())
                .param("home", fixture.operatorHome().id())
                .query((rs, row) -> new Writes(
                        rs.getLong("jobs"),
                        rs.getString("job_rows"),
                        rs.getLong("outbox_rows"),
                        rs.getLong("last_outbox_id"),
                        rs.getLong("schedules"),
                        rs.getString("schedule_rows"),
                        rs.getLong("fires"),
                        rs.getLong("tenants"),
                        rs.getString("tenant_rows"),
                        rs.getString("key_rows"),
                        rs.getLong("audit_entries"),
                        rs.getString("queue_rows")))
                .single();
    }

    private static String abbreviated(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "… (" + text.length() + " characters)";
    }

    /** One generated request. */
    private record Input(
            String method,
            String path,
            String body,
            String contentType,
            String idempotencyKey,
            String authorization,
            Map<String, String> headers,
            boolean expectRefusal) {

        Input(String method, String path, String body) {
            this(method, path, body, "application/json", null, null, Map.of(), false);
        }

        Input withContentType(String value) {
            return new Input(method, path, body, value, idempotencyKey, authorization, headers, expectRefusal);
        }

        Input withIdempotencyKey(String value) {
            return new Input(method, path, body, contentType, value, authorization, headers, expectRefusal);
        }

        /** Sends this Authorization header instead of the tenant's key. */
        Input withAuthorization(String value) {
            return new Input(method, path, body, contentType, idempotencyKey, value, headers, expectRefusal);
        }

        /** Sends one more header; a null value sends none. */
        Input withHeader(String name, String value) {
            if (value == null) {
                return this;
            }
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Input(method, path, body, contentType, idempotencyKey, authorization, more, expectRefusal);
        }

        /** A NUL in the path, or a request line over Tomcat's 8 KiB limit on the request head. */
        boolean refusedByTomcat() {
            int query = path.indexOf('?');
            return (query < 0 ? path : path.substring(0, query)).contains("%00") || path.length() > 8_000;
        }

        Input expectingRefusal() {
            return new Input(method, path, body, contentType, idempotencyKey, authorization, headers, true);
        }

        @Override
        public String toString() {
            StringBuilder more = new StringBuilder();
            headers.forEach((name, value) ->
                    more.append(name).append(": ").append(value).append("\n"));
            return method + " " + abbreviated(path) + "\nContent-Type: " + contentType + "\nIdempotency-Key: "
                    + idempotencyKey
                    + "\nAuthorization: " + (authorization == null ? "(the tenant's key)" : shown(authorization))
                    + "\n" + more + "\n"
                    + (body == null ? "(no body)" : abbreviated(body));
        }

        /** An Authorization header as a failure message may show it: never a whole key. */
        private static String shown(String authorization) {
            return authorization.length() > 16 ? authorization.substring(0, 16) + "…" : authorization;
        }
    }

    /**
     * What a request can write for the tenant. The outbox is compared by its newest row, not its
     * count alone: publishing at commit deletes the rows of earlier accepted jobs at any time.
     */
    private record Writes(
            long jobs,
            String jobRows,
            long outboxRows,
            long lastOutboxId,
            long schedules,
            String scheduleRows,
            long fires,
            long tenants,
            String tenantRows,
            String keyRows,
            long auditEntries,
            String queueRows) {

        boolean sameAs(Writes before) {
            return jobs == before.jobs
                    && jobRows.equals(before.jobRows)
                    && outboxRows <= before.outboxRows
                    && lastOutboxId <= before.lastOutboxId
                    && schedules == before.schedules
                    && scheduleRows.equals(before.scheduleRows)
                    && fires == before.fires
                    && tenants == before.tenants
                    && tenantRows.equals(before.tenantRows)
                    && keyRows.equals(before.keyRows)
                    && auditEntries == before.auditEntries
                    && queueRows.equals(before.queueRows);
        }
    }

    /** What a request answered: for an accepted event stream, its head only. */
    private record Answer(int statusCode, String contentType, String rateLimitPolicy, String body) {}

    /**
     * A fresh tenant with jobs in every state a job action cares about, two schedules, a paused
     * queue with limits and keys that may be revoked; a second tenant, the victim of the operator's
     * actions, with keys of its own; and an operator key in a third tenant, so that no suspension or
     * quota the operator's requests set can stop them. No key a request is sent with is among the
     * revocable ones.
     */
    private record Fixture(
            TestTenant tenant,
            TestTenant operatorHome,
            String operatorKey,
            TestTenant victim,
            List<String> jobIds,
            List<String> scheduleIds,
            List<String> tenantIds,
            List<String> revocableKeyIds,
            List<String> queues) {
        static Fixture create(HostileInputIT test) {
            TestTenant tenant = newTenant();
            TestTenant operatorHome = newTenant();
            String operatorKey = infra().createApiKey(operatorHome.id(), ApiKeyRole.OPERATOR);
            TestTenant victim = newTenant();
            String target = "https://svc.internal/hooks/welcome";
            List<String> jobs = new ArrayList<>();
            jobs.add(test.stored.queued(tenant, aJob().targeting(target)).id().toString());
            jobs.add(test.stored.running(tenant, aJob().targeting(target)).id().toString());
            jobs.add(
                    test.stored.succeeded(tenant, aJob().targeting(target)).id().toString());
            jobs.add(test.stored
                    .dead(tenant, aJob().targeting(target).inQueue("emails"))
                    .id()
                    .toString());
            jobs.add(test.stored.dead(tenant, aJob().targeting(target)).id().toString());
            String cancelled =
                    test.stored.queued(tenant, aJob().targeting(target)).id().toString();
            assertThat(test.post("/v1/jobs/" + cancelled + "/cancel", tenant.apiKey(), "")
                            .statusCode())
                    .isEqualTo(200);
            jobs.add(cancelled);
            List<String> schedules = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> created = test.post(
                        "/v1/schedules",
                        tenant.apiKey(),
                        JSON.writeValueAsString(Map.of(
                                "name",
                                "fixture-" + UUID.randomUUID(),
                                "cron",
                                "0 3 * * *",
                                "job",
                                Map.of("target", Map.of("url", target)))));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                schedules.add(json(created).get("id").asString());
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add(createdId(
                        test.post("/v1/keys", tenant.apiKey(), "{\"name\": \"revocable\", \"role\": \"member\"}")));
                keys.add(createdId(test.post(
                        "/v1/admin/tenants/" + victim.id() + "/keys",
                        operatorKey,
                        "{\"name\": \"victim\", \"role\": \"read_only\"}")));
            }
            HttpResponse<String> queue =
                    test.patch("/v1/queues/limited", tenant.apiKey(), "{\"paused\": true, \"max_concurrency\": 3}");
            assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
            return new Fixture(
                    tenant,
                    operatorHome,
                    operatorKey,
                    victim,
                    List.copyOf(jobs),
                    List.copyOf(schedules),
                    List.of(tenant.id().toString(), victim.id().toString()),
                    List.copyOf(keys),
                    List.of("default", "emails", "limited"));
        }

        private static String createdId(HttpResponse<String> created) {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return json(created).get("id").asString();
        }
    }
}
