package dev.foreman.testkit.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code docs/metrics.md} read back: a section per service ({@code ## api-service},
 * {@code ## worker-service}, {@code ## scheduler-service}) with a table
 * {@code | metric | type | labels | appears | meaning |}, and a section of platform metrics whose
 * table names the services in its fourth column instead ({@code | metric | type | labels | services
 * | meaning |}).
 */
public final class MetricsCatalogue {
    /** Where the catalogue lives, from a module's directory (Maven runs tests there). */
    public static final Path FROM_MODULE = Path.of("..", "docs", "metrics.md");

    private static final Pattern SECTION = Pattern.compile("^## (api|worker|scheduler)-service\\s*$");
    private static final Pattern OTHER_SECTION = Pattern.compile("^## .*$");
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|([^|]*)\\|([^|]*)\\|.*\\|\\s*$");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram");
    private static final Set<String> APPEARS = Set.of("start", "leader", "first use");

    private final List<CatalogueEntry> entries;

    private MetricsCatalogue(List<CatalogueEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the catalogue from the repository, relative to the module directory tests run in. */
    public static MetricsCatalogue fromRepository() {
        return read(FROM_MODULE);
    }

    public static MetricsCatalogue read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the metrics catalogue " + file.toAbsolutePath(), e);
        }
    }

    /** Parses catalogue text; a malformed row fails loudly rather than being skipped. */
    public static MetricsCatalogue parse(String text) {
        List<CatalogueEntry> entries = new ArrayList<>();
        String service = null;
        boolean platform = false;
        for (String line : text.split("\n")) {
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                service = section.group(1);
                platform = false;
                continue;
            }
            if (OTHER_SECTION.matcher(line).matches()) {
                service = null;
                platform = line.toLowerCase(Locale.ROOT).contains("platform");
                continue;
            }
            if ((service == null && !platform) || !line.startsWith("| `")) {
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                throw new IllegalArgumentException("Not a catalogue row (| `metric` | type | labels | ... |): " + line);
            }
            String type = row.group(2);
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("Unknown type '" + type + "' in: " + line);
            }
            Set<String> labels = backticked(row.group(3));
            String fourth = row.group(4).trim();
            if (platform) {
                Set<String> services = Arrays.stream(fourth.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                entries.add(new CatalogueEntry(row.group(1), type, labels, services, "start"));
            } else {
                if (!APPEARS.contains(fourth)) {
                    throw new IllegalArgumentException(
                            "The appears column must be one of " + APPEARS + ", not '" + fourth + "': " + line);
                }
                entries.add(new CatalogueEntry(row.group(1), type, labels, Set.of(service), fourth));
            }
        }
        return new MetricsCatalogue(entries);
    }

    public List<CatalogueEntry> entries() {
        return entries;
    }

    /** The entries of one service ({@code api}, {@code worker}, {@code scheduler}). */
    public List<CatalogueEntry> of(String service) {
        return entries.stream().filter(e -> e.services().contains(service)).toList();
    }

    /** The family a series name belongs to, e.g. {@code foreman_x_seconds} for {@code foreman_x_seconds_bucket}. */
    public Optional<CatalogueEntry> familyOf(String series) {
        return entries.stream().filter(e -> e.hasSeries(series)).findFirst();
    }

    private static Set<String> backticked(String cell) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = BACKTICKED.matcher(cell);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
