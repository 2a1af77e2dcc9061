package dev.foreman.deployments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The files under test, found from the module's folder ({@code deployments/}), and how to read them. */
final class Files {
    /** The repository root: Maven runs the tests in {@code deployments/}. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    static final Path DEPLOYMENTS = ROOT.resolve("deployments");

    private Files() {}

    static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file, anchors and merge keys ({@code <<: *x}) resolved, as Compose and kubectl read them. */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(read(file))) {
            if (document != null) {
                documents.add(asMap(document, file.toString()));
            }
        }
        return documents;
    }

    static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " has " + documents.size() + " documents, expected one");
        }
        return documents.getFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node, String where) {
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException(where + " is not a mapping: " + node);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object node, String where) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException(where + " is not a list: " + node);
    }

    /** The mapping at {@code path} below {@code node}, or an empty one. */
    static Map<String, Object> mapAt(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Map.of();
            }
            current = map.get(key);
        }
        return asMap(current, String.join(".", path));
    }
}
