package dev.foreman.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where foremanctl connects and with which key, from (first wins) the flags, the environment
 * ({@code FOREMAN_API_URL}, {@code FOREMAN_API_KEY}), then a profile of the config file
 * ({@code --profile}, {@code FOREMAN_PROFILE}, or the file's {@code current}):
 *
 * <pre>
 * current: local
 * profiles:
 *   local: { url: http://localhost:8080, api_key: fm_... }
 *   prod:  { url: https://foreman.example.com, api_key: fm_... }
 * </pre>
 */
record Connection(String url, String apiKey) {
    static final String DEFAULT_URL = "http://localhost:8080";

    static Connection resolve(
            String urlFlag, String keyFlag, String profileFlag, Path configFile, Map<String, String> env) {
        JsonNode profile = profile(configFile, profileFlag != null ? profileFlag : env.get("FOREMAN_PROFILE"));
        String url = first(urlFlag, env.get("FOREMAN_API_URL"), text(profile, "url"), DEFAULT_URL);
        String key = first(keyFlag, env.get("FOREMAN_API_KEY"), text(profile, "api_key"), null);
        if (key == null || key.isBlank()) {
            throw new UsageError(
                    "no API key: pass --api-key, set FOREMAN_API_KEY, or add api_key to a profile in " + configFile);
        }
        return new Connection(url, key);
    }

    static Path defaultConfigFile(Map<String, String> env) {
        if (env.containsKey("FOREMAN_CONFIG")) {
            return Path.of(env.get("FOREMAN_CONFIG"));
        }
        String home = env.getOrDefault("XDG_CONFIG_HOME", System.getProperty("user.home") + "/.config");
        return Path.of(home, "foreman", "config.yaml");
    }

    private static JsonNode profile(Path configFile, String name) {
        if (configFile == null || !Files.isRegularFile(configFile)) {
            if (name != null) {
                throw new UsageError("profile " + name + " asked for, but there is no config file " + configFile);
            }
            return null;
        }
        JsonNode config;
        try {
            config = new YAMLMapper().readTree(Files.readString(configFile));
        } catch (IOException | RuntimeException e) {
            throw new UsageError("cannot read " + configFile + ": " + e.getMessage());
        }
        String chosen = name != null ? name : config.path("current").asString(null);
        if (chosen == null) {
            return null;
        }
        JsonNode profile = config.path("profiles").path(chosen);
        if (profile.isMissingNode()) {
            throw new UsageError("no profile " + chosen + " in " + configFile);
        }
        return profile;
    }

    private static String text(JsonNode node, String field) {
        return node == null ? null : node.path(field).asString(null);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
