package dev.foreman.api.problem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated request parts for {@link HostileInputIT}: valid bodies of every endpoint and mutations
 * of them (wrong types, odd numbers and strings, missing, extra and repeated fields, deep nesting,
 * broken syntax), query strings, path ids and header values. Everything comes from one seeded
 * random source, so a seed replays the same inputs.
 */
final class HostileInputs {
    /** Stands for the odd raw JSON a mutation puts somewhere in a tree; replaced after writing. */
    private static final String ODD = "\u2063odd\u2063";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Numbers as JSON text, valid or not: what jsonb and Jackson do with each differs. */
    private static final List<String> ODD_NUMBERS = List.of(
            "1e131000",
            "-1e131000",
            "1e-131000",
            "1e999",
            "1e1000",
            "9.99e308",
            "1e309",
            "-0",
            "0.0000000000000000000000000000001",
            "1E+2147483647",
            "1E+2147483648",
            "1e-2147483648",
            "123456789012345678901234567890",
            "9223372036854775808",
            "-9223372036854775809",
            "2147483648",
            "1.5",
            "0",
            "-1",
            "1".repeat(1000),
            "1".repeat(1001),
            "0." + "0".repeat(998) + "1",
            "NaN",
            "Infinity",
            "-Infinity",
            "0x10",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "--1");

    /**
     * Strings as JSON text, for what a writer would not produce: escaped lone surrogates, which
     * decode to a Java string that has no UTF-8 form.
     */
    private static final List<String> RAW_STRINGS =
            List.of("\"\\ud800\"", "\"a\\udc00b\"", "\"\\uDFFF\\uD800\"", "\"\\ud83d\"", "\"\\u0000\\u001f\"");

    /** Strings that once broke, or could break, something between the parser and Postgres. */
    private static final List<String> ODD_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "line\nbreak",
            "carriage\rreturn",
            "tab\there",
            "\u0001\u0002\u001f\u007f",
            "\u0085next line",
            "\u2028\u2029",
            "\ud800",
            "\udc00lone low",
            "\ud83d\ude00 emoji",
            "\u202eright to left",
            "\ufeffbom",
            "\uffff\ufffe",
            "ümlaut",
            "名前",
            "%00",
            "%0A",
            "../../etc/passwd",
            "' OR 1=1 --",
            "\"quoted\"",
            "\\backslash",
            "${jndi:ldap://127.0.0.1/x}",
            "x".repeat(101),
            "x".repeat(201),
            "x".repeat(2049),
            "y".repeat(20_000),
            // Times: year 0, negative years, beyond timestamptz, impossible dates.
            "0000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "-4714-11-24T00:00:00Z",
            "+294277-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00+18:00",
            "1969-12-31T23:59:59Z",
            "2026-02-30T00:00:00Z",
            "2026-12-01T25:00:00Z",
            "2026-12-01T09:00:00+99:00",
            "2026-12-01T09:00:00.123456789Z",
            "2026-12-01T09:00:00",
            // Durations.
            "PT-1S",
            "-5s",
            "P999999999D",
            "PT9223372036854775807S",
            "999999999d",
            "999999999h999999999d",
            "0s",
            "1ms",
            "P1Y",
            "PT0.0000000001S",
            // Cron and zones.
            "* * * * *",
            "* * * * * * *",
            "0 0 31 2 *",
            "*/0 * * * *",
            "60 * * * *",
            "@every 1s",
            "@reboot",
            "0 0 * * MON-FRI#9",
            "Mars/Olympus",
            "+18:00",
            "UTC+25:00",
            "GMT+14",
            "SystemV/AST4",
            // URLs.
            "http://[::1",
            "http://a:99999/",
            "javascript:alert(1)",
            "http://例え.jp/パス",
            "http://user:pass@host/",
            "http:///nohost",
            "https://svc.internal/\u0000",
            // Names the API knows.
            "high",
            "HIGH",
            "queued",
            "dead",
            "fire_once",
            "skip",
            "GET",
            "TRACE",
            "Host",
            "Foreman-Signature",
            "traceparent");

    private final SplittableRandom random;

    HostileInputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int between(int fromInclusive, int toExclusive) {
        return random.nextInt(fromInclusive, toExclusive);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A random UUID from the seeded source, so a replay makes the same names and keys. */
    UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    <T> T oneOf(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    // --- Valid bodies ---------------------------------------------------------------------------

    /** A valid {@code POST /v1/jobs} body with a random subset of its optional fields. */
    ObjectNode validJob() {
        ObjectNode job = NODES.objectNode();
        if (chance(0.6)) {
            job.put("queue", oneOf(List.of("emails", "default", "reports.eu", "q-" + between(0, 5))));
        }
        if (chance(0.5)) {
            job.put("type", oneOf(List.of("send_welcome", "report", "ünïcode type")));
        }
        if (chance(0.4)) {
            job.put("priority", oneOf(List.of("high", "normal", "low")));
        }
        ObjectNode target = job.putObject("target");
        target.put("url", oneOf(List.of("https://svc.internal/hooks/welcome", "http://127.0.0.1:9/x?y=1")));
        if (chance(0.4)) {
            target.put("method", oneOf(List.of("POST", "get", "PUT", "PATCH", "DELETE")));
        }
        if (chance(0.3)) {
            target.putObject("headers").put("X-Team", "growth");
        }
        if (chance(0.7)) {
            job.set("payload", payload());
        }
        if (chance(0.2)) {
            job.put("run_at", "2026-12-01T09:00:00Z");
        } else if (chance(0.2)) {
            job.put("delay", oneOf(List.of("10m", "PT30S", "1h30m")));
        }
        if (chance(0.3)) {
            job.put("timeout", oneOf(List.of("30s", "PT1M", "1s")));
        }
        if (chance(0.3)) {
            ObjectNode retry = job.putObject("retry");
            retry.put("max_attempts", between(1, 10));
            retry.put("min_backoff", "1s");
            retry.put("max_backoff", "1h");
            retry.put("max_doublings", between(0, 16));
            retry.put("max_retry_duration", "24h");
        }
        if (chance(0.3)) {
            job.put("idempotency_key", "key-" + uuid());
        }
        if (chance(0.2)) {
            job.put("callback_url", "https://svc.internal/done");
        }
        if (chance(0.3)) {
            job.putObject("labels").put("team", "growth");
        }
        return job;
    }

    /** A valid job of a schedule: no {@code run_at}, {@code delay} or {@code idempotency_key}. */
    ObjectNode validTemplate() {
        ObjectNode job = validJob();
        for (String field : List.of("run_at", "delay", "idempotency_key")) {
            job.remove(field);
        }
        return job;
    }

    ObjectNode validSchedule() {
        ObjectNode schedule = NODES.objectNode();
        schedule.put("name", "schedule-" + uuid());
        schedule.put("cron", oneOf(List.of("30 2 * * *", "*/5 * * * *", "@hourly", "0 0 9 * * MON")));
        if (chance(0.5)) {
            schedule.put("time_zone", oneOf(List.of("Europe/Berlin", "UTC", "America/New_York")));
        }
        schedule.set("job", validTemplate());
        if (chance(0.3)) {
            schedule.put("misfire_policy", oneOf(List.of("skip", "fire_once", "fire_all")));
        }
        if (chance(0.3)) {
            schedule.put("overlap_policy", oneOf(List.of("allow", "skip")));
        }
        if (chance(0.2)) {
            schedule.put("paused", chance(0.5));
        }
        return schedule;
    }

    /** A valid {@code PATCH /v1/schedules/{id}} body: some of a schedule's fields. */
    ObjectNode validScheduleChange() {
        ObjectNode full = validSchedule();
        ObjectNode change = NODES.objectNode();
        full.properties().forEach(field -> {
            if (chance(0.4)) {
                change.set(field.getKey(), field.getValue());
            }
        });
        return change;
    }

    /** A valid {@code POST /v1/dlq/retry} body. */
    ObjectNode validDeadLetterSelection() {
        ObjectNode selection = NODES.objectNode();
        if (chance(0.5)) {
            selection.put("queue", "emails");
        }
        if (chance(0.4)) {
            selection.put("type", "send_welcome");
        }
        if (chance(0.4)) {
            selection.put("priority", oneOf(List.of("high", "normal", "low")));
        }
        return selection;
    }

    /** A valid {@code POST /v1/admin/tenants} body. */
    ObjectNode validTenant() {
        ObjectNode tenant = NODES.objectNode();
        tenant.put("name", "hostile-" + uuid());
        if (chance(0.4)) {
            tenant.set("quotas", quotas());
        }
        return tenant;
    }

    /** A valid {@code PATCH /v1/admin/tenants/{id}} body: a state, quotas, or both. */
    ObjectNode validTenantChange() {
        ObjectNode change = NODES.objectNode();
        boolean quotas = chance(0.5);
        if (!quotas || chance(0.3)) {
            change.put("state", oneOf(List.of("active", "suspended")));
        }
        if (quotas) {
            change.set("quotas", quotas());
        }
        return change;
    }

    /** Some of a tenant's quotas, each a number or null (the default). */
    private ObjectNode quotas() {
        ObjectNode quotas = NODES.objectNode();
        if (chance(0.6)) {
            quotas.put("requests_per_second", between(1, 100_000));
        }
        if (chance(0.5)) {
            quotas.put("max_active_jobs", between(0, 1_000_000));
        }
        if (chance(0.5)) {
            if (chance(0.3)) {
                quotas.putNull("max_schedules");
            } else {
                quotas.put("max_schedules", between(0, 1000));
            }
        }
        return quotas;
    }

    /** A valid key creation, for {@code /v1/keys} (admin) or {@code /v1/admin/tenants/{id}/keys}. */
    ObjectNode validKey() {
        ObjectNode key = NODES.objectNode();
        key.put("name", oneOf(List.of("ci", "deploy-" + between(0, 100), "ünïcode key")));
        key.put("role", oneOf(List.of("admin", "member", "read_only")));
        if (chance(0.3)) {
            key.put("expires_at", oneOf(List.of("2030-01-01T00:00:00Z", "2031-06-30T12:00:00+02:00")));
        }
        return key;
    }

    /** A valid {@code PATCH /v1/queues/{name}} body. */
    ObjectNode validQueueChange() {
        ObjectNode change = NODES.objectNode();
        if (chance(0.4)) {
            change.put("paused", chance(0.5));
        }
        if (chance(0.5)) {
            if (chance(0.2)) {
                change.putNull("max_concurrency");
            } else {
                change.put("max_concurrency", between(1, 100));
            }
        }
        if (chance(0.5)) {
            if (chance(0.2)) {
                change.putNull("rate_limit");
            } else {
                ObjectNode rate = change.putObject("rate_limit");
                rate.put("per_second", oneOf(List.of(0.5, 1.0, 10.0, 250.0)));
                if (chance(0.5)) {
                    rate.put("burst", between(1, 50));
                }
            }
        }
        return change;
    }

    /** A valid {@code POST /v1/queues/{name}/purge} body. */
    ObjectNode validPurge() {
        ObjectNode purge = NODES.objectNode();
        ArrayNode states = purge.putArray("states");
        for (String state : List.of("scheduled", "queued", "retrying")) {
            if (chance(0.5)) {
                states.add(state);
            }
        }
        if (states.isEmpty()) {
            states.add("queued");
        }
        return purge;
    }

    /** A valid {@code POST /v1/tenant/signing-secret/rotate} body. */
    ObjectNode validRotation() {
        ObjectNode rotation = NODES.objectNode();
        if (chance(0.7)) {
            rotation.put("overlap", oneOf(List.of("PT1H", "24h", "30m", "P7D")));
        }
        return rotation;
    }

    /** A queue name in a path: a real one, a new valid one, or odd text. */
    String queueName(List<String> known) {
        return switch (between(0, 5)) {
            case 0, 1 -> oneOf(known);
            case 2 -> "q-" + between(0, 1000);
            default ->
                encode(oneOf(List.of(
                        "x".repeat(101),
                        "a b",
                        "ümlaut",
                        "a/b",
                        "..",
                        ".",
                        "%2F",
                        "line\nbreak",
                        "\u0000",
                        "q*",
                        "'; DROP TABLE queues; --")));
        };
    }

    /** A {@code Last-Event-ID} header value, or null for none. */
    String lastEventId() {
        if (chance(0.5)) {
            return null;
        }
        return oneOf(List.of(
                "",
                "0-0",
                "1-1",
                "9999999999999-0",
                "99999999999999999999-1",
                "-1-1",
                "1",
                "1-",
                "abc",
                "1-99999999999999999999",
                "\u00ff",
                "x".repeat(300)));
    }

    private JsonNode payload() {
        ObjectNode payload = NODES.objectNode();
        payload.put("user_id", between(0, 1_000_000));
        payload.put("amount", 12.5);
        payload.putArray("tags").add("a").add("b");
        payload.putObject("nested").put("ok", true).putNull("nothing");
        return payload;
    }

    // --- Mutations ------------------------------------------------------------------------------

    /**
     * The body as JSON text after zero to three mutations of its tree and, sometimes, of its text.
     * A body left valid is a fine input too: the API must accept it.
     */
    String mutated(ObjectNode valid) {
        ObjectNode tree = valid.deepCopy();
        List<String> oddValues = new ArrayList<>();
        int mutations = between(0, 4);
        for (int i = 0; i < mutations; i++) {
            mutateTree(tree, oddValues);
        }
        String text = JSON.writeValueAsString(tree);
        for (String odd : oddValues) {
            text = text.replaceFirst("\"" + ODD + "\"", Matcher.quoteReplacement(odd));
        }
        return chance(0.08) ? mutateText(text) : text;
    }

    private void mutateTree(ObjectNode root, List<String> oddValues) {
        List<Slot> slots = new ArrayList<>();
        collectSlots(root, slots);
        Slot slot = oneOf(slots);
        switch (between(0, 6)) {
            case 0 -> slot.remove();
            case 1 -> slot.addBeside(oddName(), oddNode(oddValues));
            default -> slot.replace(oddNode(oddValues));
        }
    }

    /** A field name: usually one the API knows somewhere, else an odd one. */
    private String oddName() {
        if (chance(0.5)) {
            return oneOf(List.of(
                    "queue",
                    "type",
                    "priority",
                    "payload",
                    "run_at",
                    "delay",
                    "labels",
                    "jobs",
                    "name",
                    "cron",
                    "paused",
                    "job",
                    "target",
                    "url",
                    "headers",
                    "retry",
                    "priorty",
                    "Queue",
                    "quotas",
                    "state",
                    "role",
                    "expires_at",
                    "max_schedules",
                    "rate_limit",
                    "states",
                    "overlap"));
        }
        return oneOf(ODD_STRINGS);
    }

    /** A value of the wrong type, an odd number or string, deep nesting, or a big container. */
    private JsonNode oddNode(List<String> oddValues) {
        return switch (between(0, 10)) {
            case 0, 1 -> {
                oddValues.add(chance(0.8) ? oneOf(ODD_NUMBERS) : oneOf(RAW_STRINGS));
                yield NODES.stringNode(ODD);
            }
            case 2, 3, 4 -> NODES.stringNode(oneOf(ODD_STRINGS));
            case 5 ->
                oneOf(List.<Supplier<JsonNode>>of(
                                NODES::nullNode,
                                () -> NODES.booleanNode(true),
                                () -> NODES.numberNode(between(-5, 5)),
                                NODES::arrayNode,
                                NODES::objectNode))
                        .get();
            case 6 -> {
                // As text: the JSON writer refuses to nest as deep as a client may send.
                int depth = oneOf(List.of(10, 100, 490, 600));
                oddValues.add("[".repeat(depth) + "]".repeat(depth));
                yield NODES.stringNode(ODD);
            }
            case 7 -> {
                ArrayNode many = NODES.arrayNode();
                int size = oneOf(List.of(2, 65, 1001));
                for (int i = 0; i < size; i++) {
                    many.add(validJob());
                }
                yield many;
            }
            case 8 -> {
                ObjectNode map = NODES.objectNode();
                int size = oneOf(List.of(1, 65));
                for (int i = 0; i < size; i++) {
                    map.put(i == 0 ? oneOf(ODD_STRINGS) : "k" + i, i == 0 ? oneOf(ODD_STRINGS) : "v");
                }
                yield map;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                object.put(oneOf(ODD_STRINGS), oneOf(ODD_STRINGS));
                object.set("odd", oddNode(oddValues));
                yield object;
            }
        };
    }

    /** Breaks the text: truncates it, repeats a field, adds trailing content, or swaps it whole. */
    private String mutateText(String text) {
        return switch (between(0, 6)) {
            case 0 -> text.substring(0, between(0, Math.max(1, text.length())));
            case 1 -> text.replaceFirst("\\{", "{\"queue\": \"a\", \"queue\": \"b\", ");
            case 2 -> text + oneOf(List.of(" {}", "]", " garbage", "\u0000"));
            case 3 -> {
                int at = between(0, text.length() + 1);
                yield text.substring(0, at)
                        + oneOf(List.of("\u0000", "\"", "\\", "\ud800", "}", "\n"))
                        + text.substring(at);
            }
            case 4 -> oneOf(List.of("", "null", "[]", "\"job\"", "42", "true", "{", "{}", "[{}]", "\ufeff{}"));
            default -> "{\"odd\": " + text + "}";
        };
    }

    // --- Query strings, ids and headers ---------------------------------------------------------

    /** A query string of known and unknown parameters with odd values, percent-encoded as sent. */
    String query(List<String> knownNames) {
        int count = between(0, 4);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = chance(0.8) ? oneOf(knownNames) : oneOf(ODD_STRINGS);
            String value = switch (between(0, 6)) {
                case 0 -> oneOf(List.of("queued", "dead", "high", "emails", "send_welcome", "10", "500"));
                case 1 -> oneOf(List.of("0", "-1", "501", "2147483648", "1e3", "", " 10"));
                case 2 ->
                    oneOf(List.of(
                            "AZBCDEFGHIJKLMNOPQRSTU",
                            "bm90LWEtY3Vyc29y",
                            "!!!",
                            "AAAAAAAAAAAAAAAAAAAAAA",
                            // An audit cursor's shape (time|id) with times Postgres cannot hold.
                            "KzI5NDI3Ny0wMS0wMVQwMDowMDowMFp8MDE5MGU3YTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAx",
                            "LTQ3MTQtMTEtMjRUMDA6MDA6MDBafDAxOTBlN2EwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMQ",
                            "MjAyNi0xMi0wMVQwOTowMDowMFp8MDE5MGU3YTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAx"));
                default -> oneOf(ODD_STRINGS);
            };
            pairs.add(encode(name) + (chance(0.05) ? "" : "=" + encode(value)));
        }
        if (chance(0.05)) {
            pairs.add(oneOf(
                    List.of("queue=%C3%28", "queue=%ED%A0%80", "queue=%FF", "queue=%00", "type=%0A%0D", "=x", "&&")));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** A path id: one of the given real ones, an unknown UUID, or odd text. */
    String id(List<String> known) {
        return switch (between(0, 4)) {
            case 0, 1 -> known.isEmpty() ? uuid().toString() : oneOf(known);
            case 2 -> uuid().toString();
            default ->
                encode(oneOf(List.of(
                        "not-a-uuid",
                        "1-1-1-1-1",
                        "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffffff",
                        "ümlaut",
                        "a b",
                        "x".repeat(300),
                        "%00",
                        "line\nbreak",
                        "\u0000")));
        };
    }

    /** An Idempotency-Key header value the HTTP client can send, or null for none. */
    String idempotencyKey() {
        if (chance(0.6)) {
            return null;
        }
        return switch (between(0, 4)) {
            case 0 -> "";
            case 1 -> "key-" + uuid();
            case 2 -> "k".repeat(oneOf(List.of(255, 256, 4000)));
            default -> oneOf(List.of("ümlaut", "with space", "\u00a0nbsp", "\u0085", "x\u00ff", "\t"));
        };
    }

    /** A Content-Type header value for a body, usually JSON. */
    String contentType() {
        if (chance(0.85)) {
            return "application/json";
        }
        return oneOf(List.of(
                "text/plain",
                "application/json; charset=utf-16",
                "application/json; charset=bogus",
                "application/json;;",
                "application/json; q=",
                "application/*",
                "*/*",
                "application/problem+json",
                "application/merge-patch+json",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/json; charset=ISO-8859-1",
                "json",
                "/"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Where a mutation can act: a field of an object or an element of an array. */
    private record Slot(ObjectNode object, String field, ArrayNode array, int index) {
        void addBeside(String name, JsonNode value) {
            if (object != null) {
                object.set(name, value);
            } else {
                array.add(value);
            }
        }

        void remove() {
            if (object != null) {
                object.remove(field);
            } else {
                array.remove(index);
            }
        }

        void replace(JsonNode value) {
            if (object != null) {
                object.set(field, value);
            } else {
                array.set(index, value);
            }
        }
    }

    private static void collectSlots(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>(object.propertyNames());
            for (String name : names) {
                slots.add(new Slot(object, name, null, -1));
                collectSlots(object.get(name), slots);
            }
            if (names.isEmpty()) {
                slots.add(new Slot(object, "added", null, -1));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(null, null, array, i));
                collectSlots(array.get(i), slots);
            }
        }
    }
}
