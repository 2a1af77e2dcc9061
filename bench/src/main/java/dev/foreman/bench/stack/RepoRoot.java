package dev.foreman.bench.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the Foreman checkout the bench runs in: the nearest directory up that holds {@code mvnw}. */
public final class RepoRoot {
    private RepoRoot() {}

    public static Optional<Path> above(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("bench"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
