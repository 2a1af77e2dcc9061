package dev.foreman.cli;

import dev.foreman.client.Foreman;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** JSON given on the command line: inline, {@code @file}, or {@code -} for standard input. */
final class Inputs {
    private Inputs() {}

    static JsonNode json(String value) {
        String text;
        try {
            if (value.equals("-")) {
                text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } else if (value.startsWith("@")) {
                text = Files.readString(Path.of(value.substring(1)));
            } else {
                text = value;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + value + ": " + e.getMessage(), e);
        }
        try {
            return Foreman.jsonMapper().readTree(text);
        } catch (JacksonException e) {
            throw new UsageError("--payload is not JSON: " + e.getOriginalMessage());
        }
    }
}
