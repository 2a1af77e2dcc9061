package dev.foreman.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Foreman's e2e throughput next to a peer's, measured in the same bench run with the same job
 * count, target and Postgres commit mode, and their ratio (Foreman ÷ peer: above 1 means Foreman
 * delivered faster). A figure that was not measured (no e2e scenario in the run, a failed run) is
 * null, and so is every ratio that needs it.
 *
 * @param peer the peer's name, e.g. {@code jobrunr}
 * @param version the peer's version, e.g. {@code 8.7.0}
 * @param settings the peer's best trial, e.g. {@code workers=32 poll=15s pool=20}
 * @param foreman Foreman's e2e figures by key ({@link #FIGURES}); empty when e2e did not run
 * @param peerFigures the peer's best trial's figures by the same keys
 */
public record PeerComparison(
        String peer, String version, String settings, Map<String, Double> foreman, Map<String, Double> peerFigures) {

    /** The figures compared: throughput while delivering, and from the first submit to the last delivery. */
    public static final List<String> FIGURES =
            List.of("delivered_jobs_per_second", "first_submit_to_last_delivery_jobs_per_second");

    /**
     * @param foremanE2e Foreman's e2e result, or null when the run had none
     * @param peerBest the peer's best trial
     */
    public static PeerComparison of(
            String peer, String version, String settings, ScenarioResult foremanE2e, ScenarioResult peerBest) {
        return new PeerComparison(peer, version, settings, pick(foremanE2e), pick(peerBest));
    }

    private static Map<String, Double> pick(ScenarioResult result) {
        Map<String, Double> figures = new LinkedHashMap<>();
        if (result != null && result.error() == null) {
            FIGURES.stream()
                    .filter(result.figures()::containsKey)
                    .forEach(key -> figures.put(key, result.figures().get(key)));
        }
        return figures;
    }

    /** Foreman's figure divided by the peer's, to two decimals; null when either is missing or zero. */
    public Double ratio(String figure) {
        Double ours = foreman.get(figure);
        Double theirs = peerFigures.get(figure);
        if (ours == null || theirs == null || theirs == 0) {
            return null;
        }
        return Math.round(ours / theirs * 100) / 100.0;
    }

    /** The {@code peer} section of the JSON report. */
    ObjectNode toJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("name", peer);
        node.put("version", version);
        node.put("settings", settings);
        ObjectNode foremanNode = node.putObject("foreman");
        ObjectNode peerNode = node.putObject(peer);
        ObjectNode ratios = node.putObject("ratio");
        for (String figure : FIGURES) {
            putOrNull(foremanNode, figure, foreman.get(figure));
            putOrNull(peerNode, figure, peerFigures.get(figure));
            putOrNull(ratios, figure, ratio(figure));
        }
        return node;
    }

    private static void putOrNull(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** The table's rows: each figure for Foreman and the peer, then the ratio. */
    List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        String section = "peer " + peer;
        rows.add(new String[] {section, "version", version});
        rows.add(new String[] {section, "best settings", settings});
        for (String figure : FIGURES) {
            rows.add(new String[] {section, "foreman " + figure, compact(foreman.get(figure))});
            rows.add(new String[] {section, peer + " " + figure, compact(peerFigures.get(figure))});
            Double ratio = ratio(figure);
            rows.add(new String[] {
                section,
                "ratio " + figure,
                ratio == null
                        ? "not measured"
                        : String.format(Locale.ROOT, "%.2f", ratio) + "x (foreman / " + peer + ")"
            });
        }
        return rows;
    }

    private static String compact(Double value) {
        return value == null ? "not measured" : Numbers.compact(value);
    }
}
