package dev.foreman.api.auth;

import static dev.foreman.testkit.jobs.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.common.job.Job;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation and roles, over every {@code /v1} endpoint the application maps (read from Spring
 * MVC, not from a hand-kept list): another tenant's ids answer 404, lists never show another
 * tenant's rows, and a key below an endpoint's role answers 403. A new endpoint without a declared
 * {@link RequiresRole}, or with a path variable this suite cannot fill, fails here.
 */
class AccessIsolationIT extends RunningApi {
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private static final String TARGET = "https://example.com/hook";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private TestTenant mine;
    private TestTenant theirs;
    private Map<String, String> theirIds;

    @BeforeEach
    void twoTenantsWithOneOfEverything() {
        mine = newTenant();
        theirs = newTenant();
        theirIds = idsOf(theirs);
        idsOf(mine);
    }

    /** One job, dead-letter job, schedule and key of the tenant, by the path that names each. */
    private Map<String, String> idsOf(TestTenant tenant) {
        Map<String, String> ids = new LinkedHashMap<>();
        // Queue names are the tenant's own namespace: another tenant's queue is unknown to mine.
        String queue = "iso-" + UUID.randomUUID();
        ids.put("/v1/queues/{name}", queue);
        ids.put(
                "/v1/jobs/{id}",
                json(post("/v1/jobs", tenant.apiKey(), """
                        {"queue": "%s", "target": {"url": "%s"}, "delay": "1h"}
                        """.formatted(queue, TARGET)))
                        .get("id")
                        .asString());
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));
        ids.put("/v1/dlq/{id}", dead.id().toString());
        ids.put(
                "/v1/schedules/{id}",
                json(post("/v1/schedules", tenant.apiKey(), """
                        {"name": "isolation-%s", "cron": "0 4 * * *", "job": {"target": {"url": "%s"}}}
                        """.formatted(UUID.randomUUID(), TARGET)))
                        .get("id")
                        .asString());
        ids.put(
                "/v1/keys/{id}",
                json(post("/v1/keys", tenant.apiKey(), """
                        {"name": "isolation", "role": "member"}
                        """)).get("id").asString());
        ids.put("tenant", tenant.id().toString());
        ids.put("/v1/admin/tenants/{id}", tenant.id().toString());
        ids.put("/v1/admin/keys/{id}", ids.get("/v1/keys/{id}"));
        return ids;
    }

    @Test
    void everyEndpointDeclaresTheRoleItNeeds() {
        List<String> undeclared = endpoints().stream()
                .filter(endpoint -> RoleCheck.declaredRole(endpoint.handler()).isEmpty())
                .map(Endpoint::toString)
                .toList();

        assertThat(undeclared)
                .as("endpoints without @RequiresRole (they fall back to read_only for GET, member otherwise)")
                .isEmpty();
    }

    @Test
    void anotherTenantsIdsAnswer404OnEveryEndpointThatTakesOne() {
        List<String> leaks = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.path().contains("{") || endpoint.path().startsWith("/v1/admin/")) {
                continue; // operators reach every tenant by design; their endpoints are covered below
            }
            if (endpoint.path().startsWith("/v1/queues/") && !endpoint.method().equals("GET")) {
                continue; // a write to an unknown queue name makes my own queue of that name (DESIGN §3.2)
            }
            String path = fill(endpoint.path(), theirIds);
            HttpResponse<String> response = call(endpoint.method(), path, mine.apiKey());
            if (response.statusCode() != 404) {
                leaks.add(endpoint + " -> " + response.statusCode() + " " + response.body());
            }
        }

        assertThat(leaks)
                .as("endpoints that did not answer 404 for another tenant's id")
                .isEmpty();
    }

    @Test
    void listsNeverShowAnotherTenantsRows() {
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.method().equals("GET")
                    || endpoint.streams()
                    || endpoint.path().contains("{")
                    || endpoint.path().startsWith("/v1/admin/")) {
                continue;
            }
            HttpResponse<String> response = call("GET", endpoint.path(), mine.apiKey());

            assertThat(response.statusCode()).as(endpoint.toString()).isEqualTo(200);
            for (String theirId : theirIds.values()) {
                assertThat(response.body()).as(endpoint + " shows " + theirId).doesNotContain(theirId);
            }
        }
    }

    @Test
    void aKeyBelowAnEndpointsRoleAnswers403() {
        Map<ApiKeyRole, String> keys = new LinkedHashMap<>();
        keys.put(ApiKeyRole.READ_ONLY, infra().createApiKey(mine.id(), ApiKeyRole.READ_ONLY));
        keys.put(ApiKeyRole.MEMBER, infra().createApiKey(mine.id(), ApiKeyRole.MEMBER));
        keys.put(ApiKeyRole.ADMIN, mine.apiKey());
        Map<String, String> myIds = idsOf(mine);
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            ApiKeyRole required = RoleCheck.requiredRole(endpoint.handler(), endpoint.method());
            for (Map.Entry<ApiKeyRole, String> key : keys.entrySet()) {
                if (endpoint.streams() && key.getKey().includes(required)) {
                    continue; // an allowed event stream never ends; only its refusals are checked
                }
                // DELETE of a key revokes it; revoke another of mine, never the caller's own.
                HttpResponse<String> response = call(endpoint.method(), fill(endpoint.path(), myIds), key.getValue());
                boolean refused = response.statusCode() == 403;
                if (refused == key.getKey().includes(required)) {
                    wrong.add(endpoint + " with " + key.getKey().wireName() + " (needs " + required.wireName() + ") -> "
                            + response.statusCode());
                }
                if (endpoint.method().equals("DELETE") && response.statusCode() < 300) {
                    myIds = idsOf(mine);
                }
            }
        }

        assertThat(wrong)
                .as("role decisions that did not match the declared role")
                .isEmpty();
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping :
                mappings.getHandlerMethods().entrySet()) {
            for (String path : mapping.getKey().getPatternValues()) {
                if (!path.startsWith("/v1/")) {
                    continue;
                }
                // An event stream never ends: it is called by the tests that read a whole answer only
                // where it is refused before the stream opens.
                boolean streams = mapping.getKey().getProducesCondition().getProducibleMediaTypes().stream()
                                .anyMatch(MediaType.TEXT_EVENT_STREAM::isCompatibleWith)
                        || mapping.getValue()
                                .getReturnType()
                                .getGenericParameterType()
                                .getTypeName()
                                .contains("SseEmitter");
                for (RequestMethod method :
                        mapping.getKey().getMethodsCondition().getMethods()) {
                    endpoints.add(new Endpoint(method.name(), path, mapping.getValue(), streams));
                }
            }
        }
        assertThat(endpoints).hasSizeGreaterThan(20);
        return endpoints;
    }

    private String fill(String path, Map<String, String> ids) {
        Matcher variables = VARIABLE.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (variables.find()) {
            String prefix = path.substring(0, variables.start()) + variables.group();
            String id = variables.group(1).equals("tenantId") ? ids.get("tenant") : ids.get(prefix);
            assertThat(id)
                    .as("an id for " + prefix + " in " + path + ": add one to idsOf")
                    .isNotNull();
            variables.appendReplacement(filled, id);
        }
        variables.appendTail(filled);
        return filled.toString();
    }

    private HttpResponse<String> call(String method, String path, String key) {
        HttpRequest.Builder request = request(path, key);
        if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request.build());
    }

    private record Endpoint(String method, String path, HandlerMethod handler, boolean streams) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
