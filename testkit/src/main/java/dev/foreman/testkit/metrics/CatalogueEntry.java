package dev.foreman.testkit.metrics;

import java.util.List;
import java.util.Set;

/**
 * One metric family of {@code docs/metrics.md}, named as Prometheus shows it.
 *
 * @param name the family: a counter's name with {@code _total}, a summary's or histogram's name
 *     without {@code _count}, {@code _sum}, {@code _bucket} or {@code _max}
 * @param type {@code counter}, {@code gauge}, {@code summary} or {@code histogram}
 * @param labels for a Foreman metric every label it has (besides the common {@code service}); for
 *     a platform metric the labels the dashboards and rules use
 * @param services the services that expose it ({@code api}, {@code worker}, {@code scheduler}), or
 *     {@code prometheus} for what Prometheus itself makes ({@code up})
 * @param appears when it first shows: {@code start}, on the {@code leader} after its first sample,
 *     or on {@code first use}
 */
public record CatalogueEntry(String name, String type, Set<String> labels, Set<String> services, String appears) {
    /** The suffixes of a summary's and a histogram's series (a histogram also has {@code _bucket}). */
    static final List<String> TIMER_SUFFIXES = List.of("_count", "_sum", "_max");

    /** A metric Foreman itself defines, not one of the JVM, the pools or the clients. */
    public boolean foreman() {
        return name.startsWith("foreman_");
    }

    /** Whether the series {@code series} (e.g. {@code x_bucket}) belongs to this family. */
    public boolean hasSeries(String series) {
        if (series.equals(name)) {
            return true;
        }
        if (type.equals("summary") || type.equals("histogram")) {
            for (String suffix : TIMER_SUFFIXES) {
                if (series.equals(name + suffix)) {
                    return true;
                }
            }
            return type.equals("histogram") && series.equals(name + "_bucket");
        }
        return false;
    }
}
