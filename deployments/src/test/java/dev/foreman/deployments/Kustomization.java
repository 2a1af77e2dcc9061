package dev.foreman.deployments;

import static dev.foreman.deployments.Files.asList;
import static dev.foreman.deployments.Files.asMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl apply -k} does, for the few features Foreman's
 * manifests use: {@code resources} (files and kustomization folders), {@code components},
 * {@code namespace}, {@code labels} (metadata only), {@code images}, {@code replicas} and
 * {@code patches} of whole objects by kind and name, merged as maps (a strategic merge of maps;
 * lists in a patch are refused). Any other field fails the render rather than being skipped, so a
 * manifest cannot pass here by using what this does not understand.
 */
final class Kustomization {
    private static final Set<String> UNDERSTOOD = Set.of(
            "apiVersion", "kind", "resources", "components", "namespace", "labels", "images", "replicas", "patches");

    private Kustomization() {}

    /** The objects {@code kubectl kustomize folder} prints. */
    static List<Map<String, Object>> render(Path folder) {
        Path file = folder.resolve("kustomization.yaml");
        Map<String, Object> kustomization = Files.yaml(file);
        List<String> unknown = kustomization.keySet().stream()
                .filter(key -> !UNDERSTOOD.contains(key))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(file + " uses " + unknown + ", which this renderer does not implement");
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object resource : asList(kustomization.get("resources"), file + " resources")) {
            objects.addAll(load(folder.resolve((String) resource)));
        }
        for (Object component : asList(kustomization.get("components"), file + " components")) {
            objects.addAll(render(folder.resolve((String) component)));
        }
        for (Object patch : asList(kustomization.get("patches"), file + " patches")) {
            for (Map<String, Object> partial : Files.yamlDocuments(
                    folder.resolve((String) asMap(patch, "patch").get("path")))) {
                merge(find(objects, partial, file), partial, file.toString());
            }
        }
        if (kustomization.get("namespace") instanceof String namespace) {
            objects.forEach(object -> metadata(object).put("namespace", namespace));
        }
        for (Object labels : asList(kustomization.get("labels"), file + " labels")) {
            Map<String, Object> pairs = asMap(asMap(labels, "labels").get("pairs"), "labels.pairs");
            objects.forEach(object -> labels(object).putAll(pairs));
        }
        for (Object image : asList(kustomization.get("images"), file + " images")) {
            setImage(objects, asMap(image, "images"));
        }
        for (Object replicas : asList(kustomization.get("replicas"), file + " replicas")) {
            Map<String, Object> setting = asMap(replicas, "replicas");
            Map<String, Object> deployment =
                    find(objects, Map.of("kind", "Deployment", "metadata", Map.of("name", setting.get("name"))), file);
            asMap(deployment.get("spec"), "spec").put("replicas", setting.get("count"));
        }
        return objects;
    }

    private static List<Map<String, Object>> load(Path resource) {
        if (java.nio.file.Files.isDirectory(resource)) {
            return render(resource);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        Files.yamlDocuments(resource).forEach(object -> objects.add(new LinkedHashMap<>(object)));
        return objects;
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, Map<String, Object> like, Path file) {
        Object name = asMap(like.get("metadata"), "metadata").get("name");
        return objects.stream()
                .filter(object -> object.get("kind").equals(like.get("kind"))
                        && metadata(object).get("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        file + " names " + like.get("kind") + " " + name + ", which no resource is"));
    }

    private static void merge(Map<String, Object> target, Map<String, Object> patch, String where) {
        patch.forEach((key, value) -> {
            if (value instanceof List<?>) {
                throw new IllegalStateException(where + ": a list in a patch (" + key + ") is not implemented here");
            }
            if (value instanceof Map<?, ?> && target.get(key) instanceof Map<?, ?>) {
                merge(asMap(target.get(key), key), asMap(value, key), where);
            } else {
                target.put(key, value);
            }
        });
    }

    private static void setImage(List<Map<String, Object>> objects, Map<String, Object> setting) {
        String name = (String) setting.get("name");
        String replacement = setting.getOrDefault("newName", name) + ":" + setting.get("newTag");
        for (Map<String, Object> container : containers(objects)) {
            String image = (String) container.get("image");
            if (image.equals(name) || image.startsWith(name + ":")) {
                container.put("image", replacement);
            }
        }
    }

    /** Every container of every Deployment and Job. */
    static List<Map<String, Object>> containers(List<Map<String, Object>> objects) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            if (Set.of("Deployment", "Job").contains(object.get("kind"))) {
                Map<String, Object> podSpec = Files.mapAt(object, "spec", "template", "spec");
                asList(podSpec.get("containers"), "containers").forEach(c -> containers.add(asMap(c, "container")));
            }
        }
        return containers;
    }

    static Map<String, Object> metadata(Map<String, Object> object) {
        return asMap(object.get("metadata"), "metadata");
    }

    private static Map<String, Object> labels(Map<String, Object> object) {
        Map<String, Object> metadata = metadata(object);
        return asMap(metadata.computeIfAbsent("labels", key -> new LinkedHashMap<>()), "labels");
    }
}
