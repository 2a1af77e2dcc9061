package dev.foreman.testkit.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docs/openapi.yaml as a checker of real answers: every answer a test receives from {@code /v1}
 * must be one the document describes (the operation, the status, the media type and the body's
 * schema), so that the document and the API cannot drift apart. An answer to a path or method the
 * document does not have must be a documented problem (4xx/5xx with a Problem body).
 */
public final class OpenApiContract {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DOCUMENT = "docs/openapi.yaml";
    private static OpenApiContract shared;

    private final JsonNode document;
    private final List<PathTemplate> paths;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        List<PathTemplate> templates = new ArrayList<>();
        document.path("paths").properties().forEach(path -> templates.add(PathTemplate.of(path.getKey())));
        // Literal segments win over parameters: /v1/dlq/retry before /v1/dlq/{id}.
        templates.sort(Comparator.comparingInt(PathTemplate::parameters).thenComparing(PathTemplate::template));
        this.paths = List.copyOf(templates);
    }

    /** The document of the checkout the tests run in, read once per JVM. */
    public static synchronized OpenApiContract shared() {
        if (shared == null) {
            shared = new OpenApiContract(read(locate()));
        }
        return shared;
    }

    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(DOCUMENT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                DOCUMENT + " not found above " + Path.of("").toAbsolutePath());
    }

    public static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /** The document's path templates, such as {@code /v1/jobs/{id}}. */
    public List<String> pathTemplates() {
        return paths.stream().map(PathTemplate::template).toList();
    }

    /**
     * Checks one answer.
     *
     * @param path the request path, with or without its query
     * @param contentType the answer's {@code Content-Type}, or null
     * @throws AssertionError naming what does not fit
     */
    public void check(String method, String path, int status, String contentType, String body) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!bare.startsWith("/v1/")) {
            return;
        }
        String where = method + " " + path + " → " + status;
        JsonNode operation = operation(method, bare);
        if (operation == null) {
            if (status < 400) {
                throw new AssertionError(where + ": not in " + DOCUMENT + " (no such operation)");
            }
            checkBody(where, problemSchemaPointer(), "application/problem+json", contentType, body);
            return;
        }
        JsonNode responses = operation.path("responses");
        JsonNode response = responses.path(Integer.toString(status));
        if (response.isMissingNode()) {
            if (status < 400 || responses.path("default").isMissingNode()) {
                throw new AssertionError(where + ": status not documented for the operation");
            }
            response = responses.path("default");
        }
        response = resolve(response);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(where + ": the document says no body, the API sent " + abbreviate(body));
            }
            return;
        }
        String mediaType = mediaType(contentType);
        JsonNode media = content.path(mediaType);
        if (media.isMissingNode()) {
            throw new AssertionError(
                    where + ": Content-Type " + contentType + " not documented (" + fieldNames(content) + ")");
        }
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            checkBody(where, media.path("schema"), mediaType, contentType, body);
        }
    }

    private void checkBody(String where, JsonNode schemaNode, String expectedType, String contentType, String body) {
        if (!expectedType.equals(mediaType(contentType))) {
            throw new AssertionError(where + ": Content-Type " + contentType + ", documented " + expectedType);
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body == null ? "" : body);
        } catch (RuntimeException notJson) {
            throw new AssertionError(where + ": the body is not JSON: " + abbreviate(body));
        }
        List<Error> errors = schemaFor(schemaNode).validate(instance);
        if (!errors.isEmpty()) {
            StringBuilder message =
                    new StringBuilder(where).append(": the body does not fit ").append(DOCUMENT);
            errors.stream()
                    .limit(10)
                    .forEach(error -> message.append("\n  ")
                            .append(error.getInstanceLocation())
                            .append(": ")
                            .append(error.getMessage()));
            message.append("\n  body: ").append(abbreviate(body));
            throw new AssertionError(message.toString());
        }
    }

    private JsonNode problemSchemaPointer() {
        return JSON.createObjectNode().put("$ref", "#/components/schemas/Problem");
    }

    private Schema schemaFor(JsonNode schemaNode) {
        String key = schemaNode.toString();
        return schemas.computeIfAbsent(key, unused -> {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.set("components", document.path("components"));
            wrapper.putArray("allOf").add(schemaNode);
            return registry.getSchema(SchemaLocation.of("urn:foreman:openapi:" + schemas.size()), wrapper);
        });
    }

    private JsonNode operation(String method, String path) {
        for (PathTemplate template : paths) {
            if (template.matches(path)) {
                JsonNode operation =
                        document.path("paths").path(template.template()).path(method.toLowerCase(Locale.ROOT));
                return operation.isMissingNode() ? null : operation;
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isString()) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asString().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return String.join(", ", names);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }

    private record PathTemplate(String template, Pattern pattern, int parameters) {
        static PathTemplate of(String template) {
            String regex = Pattern.quote(template).replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q");
            int parameters = (int) template.chars().filter(c -> c == '{').count();
            return new PathTemplate(template, Pattern.compile(regex), parameters);
        }

        boolean matches(String path) {
            return pattern.matcher(path).matches();
        }
    }
}
