package dev.foreman.bench.report;

import dev.foreman.bench.resources.ResourceUsage;
import dev.foreman.bench.resources.StackCpu;
import dev.foreman.bench.resources.WindowUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: named figures (throughputs, counts), latency distributions, the
 * stages the services' own histograms saw, the resources each process used, and notes that say how
 * the figures were obtained. Figures, latencies and stages keep the order in which the scenario
 * added them, which is the order the table prints.
 */
public final class ScenarioResult {
    private final String name;
    private final String method;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Map<String, LatencySummary> latencies = new LinkedHashMap<>();
    private final Map<String, StageSummary> stages = new LinkedHashMap<>();
    private final Map<String, ResourceUsage> resources = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private StackCpu stackCpu;
    private String error;
    private boolean skipped;

    /**
     * @param name the scenario, e.g. {@code submit}
     * @param method one sentence on how it measures, for readers of the JSON
     */
    public ScenarioResult(String name, String method) {
        this.name = name;
        this.method = method;
    }

    /** Adds a figure; the key is snake_case and ends with its unit, e.g. {@code jobs_per_second}. */
    public ScenarioResult figure(String key, double value) {
        // Three decimals are more than any of these figures can claim.
        figures.put(key, Math.round(value * 1000) / 1000.0);
        return this;
    }

    /** Adds a latency distribution; the key names what was timed, e.g. {@code submit_to_start}. */
    public ScenarioResult latency(String key, LatencySummary summary) {
        latencies.put(key, summary);
        return this;
    }

    /**
     * Adds a stage measured by a service's histogram; the key names the stage and the labels that
     * tell its series apart, e.g. {@code relay_lag{path=commit}}.
     */
    public ScenarioResult stage(String key, StageSummary summary) {
        stages.put(key, summary);
        return this;
    }

    public ScenarioResult note(String note) {
        notes.add(note);
        return this;
    }

    /** Adds what the processes used in the scenario's window, the stack's total and their notes. */
    public ScenarioResult resources(WindowUsage usage) {
        resources.putAll(usage.processes());
        stackCpu = usage.stack();
        notes.addAll(usage.notes());
        return this;
    }

    /** The scenario could not finish; the figures it has so far stay in the report. */
    public ScenarioResult failed(String message) {
        this.error = message;
        return this;
    }

    /** The scenario cannot run against this stack; {@code reason} says why. */
    public ScenarioResult skipped(String reason) {
        this.skipped = true;
        notes.add("skipped: " + reason);
        return this;
    }

    public String name() {
        return name;
    }

    public String method() {
        return method;
    }

    public Map<String, Double> figures() {
        return Collections.unmodifiableMap(figures);
    }

    public Map<String, LatencySummary> latencies() {
        return Collections.unmodifiableMap(latencies);
    }

    public Map<String, StageSummary> stages() {
        return Collections.unmodifiableMap(stages);
    }

    public Map<String, ResourceUsage> resources() {
        return Collections.unmodifiableMap(resources);
    }

    /** The stack's CPU summed over its processes; null when the window held none of them. */
    public StackCpu stackCpu() {
        return stackCpu;
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** Null when the scenario finished. */
    public String error() {
        return error;
    }

    public boolean isSkipped() {
        return skipped;
    }
}
