package dev.foreman.deployments;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vendored JSON schemas under {@code src/test/resources/schemas} (sources and versions in its
 * README) and validation of YAML documents against them, offline: no schema is fetched.
 */
final class JsonSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry DRAFT_7 = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private JsonSchemas() {}

    /** A schema as published. */
    static Schema load(String resource) {
        return DRAFT_7.getSchema(withoutMetaSchema(read(resource)));
    }

    /**
     * A schema made strict the way the "-strict" Kubernetes schemas are: every object that lists its
     * properties allows no others, so a misspelt or misplaced field fails instead of being ignored
     * (as the API server would ignore or refuse it).
     */
    static Schema loadStrict(String resource) {
        ObjectNode schema = withoutMetaSchema(read(resource));
        forbidUnlistedProperties(schema);
        return DRAFT_7.getSchema(schema);
    }

    static List<String> errors(Schema schema, Map<String, Object> document) {
        JsonNode node = JSON.valueToTree(document);
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    private static ObjectNode read(String resource) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("No vendored schema schemas/" + resource);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The dialect is fixed (draft 7): a {@code $schema} URL would only make the validator look it
     * up, and the compose schema's relative {@code $id} is not one it accepts.
     */
    private static ObjectNode withoutMetaSchema(ObjectNode schema) {
        schema.remove("$schema");
        schema.remove("$id");
        return schema;
    }

    private static void forbidUnlistedProperties(JsonNode node) {
        if (node instanceof ObjectNode object
                && object.has("properties")
                && !object.has("additionalProperties")
                && !object.has("patternProperties")) {
            object.put("additionalProperties", false);
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                forbidUnlistedProperties(child);
            }
        }
    }
}
