package dev.foreman.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Serves docs/openapi.yaml, the API's contract, without a key: {@code /v3/api-docs} as JSON (what
 * code generators and Swagger UI read) and {@code /v3/api-docs.yaml} as written.
 */
@RestController
class OpenApiController {
    private static final String RESOURCE = "/openapi/openapi.yaml";

    private final byte[] yaml;
    private final byte[] json;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is not on the classpath; the build copies docs/openapi.yaml");
            }
            this.yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode document = new YAMLMapper().readTree(yaml);
        this.json = JsonMapper.builder().build().writeValueAsBytes(document);
    }

    @GetMapping(value = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] json() {
        return json;
    }

    @GetMapping(value = "/v3/api-docs.yaml", produces = "application/yaml")
    byte[] yaml() {
        return yaml;
    }
}
