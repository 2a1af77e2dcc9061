package dev.foreman.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} as metric families: each family's type and the label
 * names its series carry. A counter family is named with {@code _total}, and a timer's
 * {@code _max} gauge belongs to its summary or histogram, as the catalogue names them.
 */
final class PrometheusScrape {
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Labels no family is described by: a histogram's bucket bound, a summary's quantile. */
    private static final Set<String> STRUCTURAL = Set.of("le", "quantile");

    /** A family as scraped. */
    record Family(String name, String type, Set<String> labels) {}

    private final Map<String, Family> families;

    private PrometheusScrape(Map<String, Family> families) {
        this.families = families;
    }

    Map<String, Family> families() {
        return families;
    }

    /**
     * Parses the text exposition format.
     *
     * @param ignoredLabels labels every series carries that the catalogue describes once (service)
     */
    static PrometheusScrape parse(String text, Set<String> ignoredLabels) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            String family = familyOf(sample.group(1), types);
            Set<String> names = labels.computeIfAbsent(family, f -> new TreeSet<>());
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    if (!STRUCTURAL.contains(label.group(1)) && !ignoredLabels.contains(label.group(1))) {
                        names.add(label.group(1));
                    }
                }
            }
        }
        Map<String, Family> families = new LinkedHashMap<>();
        labels.forEach((family, names) -> {
            String type = types.getOrDefault(family, types.getOrDefault(stripTotal(family), "untyped"));
            families.put(family, new Family(family, type, names));
        });
        // A timer's _max is a gauge of its own in the exposition; the catalogue lists it with the timer.
        families.keySet()
                .removeIf(name -> name.endsWith("_max")
                        && families.containsKey(name.substring(0, name.length() - 4))
                        && Set.of("summary", "histogram")
                                .contains(families.get(name.substring(0, name.length() - 4))
                                        .type()));
        return new PrometheusScrape(families);
    }

    /** The family a series belongs to, by the TYPE lines seen before it. */
    private static String familyOf(String series, Map<String, String> types) {
        if (types.containsKey(series)) {
            String type = types.get(series);
            return type.equals("counter") && !series.endsWith("_total") ? series + "_total" : series;
        }
        for (String suffix : new String[] {"_total", "_created"}) {
            if (series.endsWith(suffix)) {
                String base = series.substring(0, series.length() - suffix.length());
                if ("counter".equals(types.get(base))) {
                    return base + "_total";
                }
            }
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (series.endsWith(suffix)) {
                String base = series.substring(0, series.length() - suffix.length());
                if (Set.of("summary", "histogram").contains(types.get(base))) {
                    return base;
                }
            }
        }
        return series;
    }

    private static String stripTotal(String family) {
        return family.endsWith("_total") ? family.substring(0, family.length() - 6) : family;
    }
}
