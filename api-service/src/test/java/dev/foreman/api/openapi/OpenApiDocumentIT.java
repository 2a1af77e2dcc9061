package dev.foreman.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.testkit.contract.OpenApiContract;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * docs/openapi.yaml against the running API: it is what {@code /v3/api-docs} serves, it has every
 * {@code /v1} operation the API maps and none it does not, and every problem code. (Every answer the
 * api-service and e2e tests receive is checked against it too: {@code OpenApiContract}.)
 */
class OpenApiDocumentIT extends RunningApi {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final JsonNode document = OpenApiContract.shared().document();

    @Test
    void theApiServesTheCommittedDocumentWithoutAKey() {
        HttpResponse<String> served = get("/v3/api-docs", null);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(served.body())).isEqualTo(document);
        assertThat(document.path("openapi").asString()).startsWith("3.1");
    }

    @Test
    void theDocumentHasExactlyTheOperationsTheApiMaps() {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/v1/")) {
                    info.getMethodsCondition().getMethods().forEach(method -> mapped.add(method.name() + " " + path));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().propertyNames().forEach(method -> {
                    if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));

        assertThat(documented).isEqualTo(mapped);
    }

    @Test
    void everyProblemCodeIsInTheDocument() {
        Set<String> documented = new HashSet<>();
        document.path("components")
                .path("schemas")
                .path("ProblemCode")
                .path("enum")
                .forEach(code -> documented.add(code.asString()));
        Set<String> codes = new HashSet<>();
        Arrays.stream(ProblemCode.values()).forEach(code -> codes.add(code.wireName()));

        assertThat(documented).isEqualTo(codes);
    }
}
