package dev.foreman.bench.prometheus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads the samples of a Prometheus text exposition (format 0.0.4, which {@code /actuator/prometheus}
 * answers by default): {@code name{label="value",...} value [timestamp]}. Comment lines (HELP,
 * TYPE) are skipped, and so is a line that does not parse, so one odd line cannot cost the rest.
 */
public final class PrometheusText {

    /**
     * One sample line.
     *
     * @param labels sorted by name, so that series compare equal whatever order the exposition used
     */
    public record Sample(String name, SortedMap<String, String> labels, double value) {}

    private PrometheusText() {}

    /** The samples whose metric name {@code wanted} accepts, in the order of the exposition. */
    public static List<Sample> samples(String exposition, Predicate<String> wanted) {
        List<Sample> samples = new ArrayList<>();
        exposition.lines().forEach(line -> {
            Sample sample = new Line(line).sample(wanted);
            if (sample != null) {
                samples.add(sample);
            }
        });
        return samples;
    }

    /** A number as Prometheus writes it: decimal, {@code 1.2E7}, {@code +Inf}, {@code -Inf} or {@code NaN}. */
    public static double number(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** A cursor over one line; every reader answers null (or false) when the line is malformed. */
    private static final class Line {
        private final String text;
        private int at;

        Line(String text) {
            this.text = text;
        }

        Sample sample(Predicate<String> wanted) {
            skipSpaces();
            if (at == text.length() || text.charAt(at) == '#') {
                return null;
            }
            String name = name();
            if (name == null || !wanted.test(name)) {
                return null;
            }
            SortedMap<String, String> labels = new TreeMap<>();
            skipSpaces();
            if (at < text.length() && text.charAt(at) == '{') {
                at++;
                if (!labels(labels)) {
                    return null;
                }
            }
            skipSpaces();
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            // Whatever follows the value (a timestamp, an OpenMetrics exemplar) is not needed.
            try {
                return new Sample(name, Collections.unmodifiableSortedMap(labels), number(text.substring(start, at)));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** Reads {@code name="value",...}} up to and including the closing brace. */
        private boolean labels(SortedMap<String, String> labels) {
            while (true) {
                skipSpaces();
                if (at < text.length() && text.charAt(at) == '}') {
                    at++;
                    return true;
                }
                String name = name();
                skipSpaces();
                if (name == null || !take('=')) {
                    return false;
                }
                skipSpaces();
                String value = quoted();
                if (value == null) {
                    return false;
                }
                labels.put(name, value);
                skipSpaces();
                if (!take(',') && (at == text.length() || text.charAt(at) != '}')) {
                    return false;
                }
            }
        }

        /** A quoted label value; it may hold braces and commas ({@code uri="/v1/jobs/{id}"}) and escapes. */
        private String quoted() {
            if (!take('"')) {
                return null;
            }
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && at < text.length()) {
                    char escaped = text.charAt(at++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            return null;
        }

        private String name() {
            int start = at;
            while (at < text.length() && isNameChar(text.charAt(at), at == start)) {
                at++;
            }
            return at == start ? null : text.substring(start, at);
        }

        private boolean take(char expected) {
            if (at < text.length() && text.charAt(at) == expected) {
                at++;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private static boolean isNameChar(char c, boolean first) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || c == ':'
                    || (!first && c >= '0' && c <= '9');
        }
    }
}
