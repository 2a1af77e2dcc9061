package dev.foreman.cli;

import dev.foreman.client.Foreman;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Prints answers as a table for people, or as JSON or YAML for scripts (the API's field names). */
final class Printer {
    enum Format {
        table,
        json,
        yaml
    }

    /** A table column: the header and the answer's field (dots reach into objects: {@code result.status}). */
    record Column(String header, String field) {}

    private static final JsonMapper JSON = Foreman.jsonMapper()
            .rebuild()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final PrintWriter out;
    private final Format format;

    Printer(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    /** One object: JSON/YAML as it is, a table as field-value lines. */
    void one(Object value) {
        JsonNode node = JSON.valueToTree(value);
        switch (format) {
            case json -> out.println(JSON.writeValueAsString(node));
            case yaml -> out.print(YAML.writeValueAsString(node));
            case table -> {
                List<String[]> rows = new ArrayList<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!field.getValue().isNull()) {
                        rows.add(new String[] {field.getKey(), cell(field.getValue())});
                    }
                }
                printRows(rows);
            }
        }
        out.flush();
    }

    /** A list: JSON/YAML as an array, a table with the columns given. */
    void many(List<?> values, List<Column> columns) {
        ArrayNode nodes = JSON.createArrayNode();
        values.forEach(value -> nodes.add((JsonNode) JSON.valueToTree(value)));
        switch (format) {
            case json -> out.println(JSON.writeValueAsString(nodes));
            case yaml -> out.print(YAML.writeValueAsString(nodes));
            case table -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(columns.stream().map(Column::header).toArray(String[]::new));
                for (JsonNode node : nodes) {
                    rows.add(columns.stream()
                            .map(column -> cell(at(node, column.field())))
                            .toArray(String[]::new));
                }
                printRows(rows);
            }
        }
        out.flush();
    }

    /** A line for people, printed only in table format (JSON and YAML output stay parseable). */
    void note(String line) {
        if (format == Format.table) {
            out.println(line);
            out.flush();
        }
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            current = current.path(part);
        }
        return current;
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        String text = value.isValueNode()
                ? value.asString()
                : JSON.writeValueAsString(value).replaceAll("\\s*\\n\\s*", " ");
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private void printRows(List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            Iterator<String> cells = List.of(row).iterator();
            for (int i = 0; cells.hasNext(); i++) {
                String cell = cells.next();
                line.append(cells.hasNext() ? String.format("%-" + widths[i] + "s  ", cell) : cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
