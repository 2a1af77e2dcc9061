package dev.foreman.common.job;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Converts the string maps kept in jsonb columns (headers, labels). */
final class JsonColumns {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private JsonColumns() {}

    static String write(Map<String, String> map) {
        return MAPPER.writeValueAsString(map == null ? Map.of() : map);
    }

    static Map<String, String> readMap(String json) {
        return json == null ? Map.of() : MAPPER.readValue(json, STRING_MAP);
    }
}
