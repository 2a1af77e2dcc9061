package dev.foreman.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls job ids out of submit responses with a streaming parser. The load generator shares the
 * machine's cores with the stack it measures, so it reads only the {@code id}s and skips the rest
 * of each job rather than building a tree of it.
 */
final class JobIds {
    private final JsonMapper json;

    JobIds(JsonMapper json) {
        this.json = json;
    }

    /** The {@code id} of a job object, as {@code POST /v1/jobs} answers it. */
    UUID idOfJob(byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            UUID id = idOfCurrentJob(parser);
            if (id == null) {
                throw new IllegalArgumentException("the job in the response has no id");
            }
            return id;
        }
    }

    /** The {@code id}s of {@code jobs[]} in order, as {@code POST /v1/jobs/batch} answers them. */
    List<UUID> idsOfBatch(byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"jobs".equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                expect(value, JsonToken.START_ARRAY);
                List<UUID> ids = new ArrayList<>();
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    UUID id = idOfCurrentJob(parser);
                    if (id == null) {
                        throw new IllegalArgumentException("job " + ids.size() + " in the response has no id");
                    }
                    ids.add(id);
                }
                return ids;
            }
            throw new IllegalArgumentException("the batch response has no jobs array");
        }
    }

    /** Reads the object the parser is at the start of, to its end; answers its top-level id. */
    private static UUID idOfCurrentJob(JsonParser parser) {
        UUID id = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                id = UUID.fromString(parser.getString());
            } else {
                parser.skipChildren();
            }
        }
        return id;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " in the response but found " + actual);
        }
    }
}
