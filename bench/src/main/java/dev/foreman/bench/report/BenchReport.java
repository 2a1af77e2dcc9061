package dev.foreman.bench.report;

import dev.foreman.bench.resources.ResourceUsage;
import dev.foreman.bench.resources.StackCpu;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole bench run: where it ran, with which settings, and every scenario's result. It renders
 * as a plain-text table (scenario, metric, value) for people and as JSON for tools and for
 * comparing runs.
 *
 * @param speedBefore the machine's speed before the stack started, or null when it was not
 *     measured; written under {@code machine}
 * @param speedAfter the same after the last scenario, once the stack had stopped, or null
 * @param settings the options the run used, as they should appear in the JSON
 * @param peer Foreman next to a peer ({@code --peer}), or null when the run had none
 */
public record BenchReport(
        Instant startedAt,
        Instant finishedAt,
        Machine machine,
        MachineSpeed speedBefore,
        MachineSpeed speedAfter,
        String stack,
        Map<String, Object> settings,
        List<ScenarioResult> scenarios,
        PeerComparison peer) {

    private static final String[] HEADER = {"scenario", "metric", "value"};

    /** A report of a run without a peer. */
    public BenchReport(
            Instant startedAt,
            Instant finishedAt,
            Machine machine,
            MachineSpeed speedBefore,
            MachineSpeed speedAfter,
            String stack,
            Map<String, Object> settings,
            List<ScenarioResult> scenarios) {
        this(startedAt, finishedAt, machine, speedBefore, speedAfter, stack, settings, scenarios, null);
    }

    /** The JSON document; its shape is pinned by {@code BenchReportTest}. */
    public ObjectNode toJson(JsonMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("started_at", startedAt.toString());
        root.put("finished_at", finishedAt.toString());
        ObjectNode machineNode = root.putObject("machine");
        machineNode.put("cpu_model", machine.cpuModel());
        machineNode.put("available_processors", machine.availableProcessors());
        machineNode.put("memory_mib", machine.memoryMib());
        machineNode.put("os", machine.os());
        machineNode.put("java", machine.java());
        machineNode.put("load_average_at_start", machine.loadAverage());
        putSpeed(machineNode, "speed_before", speedBefore);
        putSpeed(machineNode, "speed_after", speedAfter);
        root.put("stack", stack);
        root.set("settings", json.valueToTree(settings));
        ArrayNode scenarioNodes = root.putArray("scenarios");
        for (ScenarioResult scenario : scenarios) {
            ObjectNode node = scenarioNodes.addObject();
            node.put("name", scenario.name());
            node.put("method", scenario.method());
            node.put("skipped", scenario.isSkipped());
            if (scenario.error() == null) {
                node.putNull("error");
            } else {
                node.put("error", scenario.error());
            }
            ObjectNode figures = node.putObject("figures");
            scenario.figures().forEach(figures::put);
            ObjectNode latencies = node.putObject("latencies_ms");
            scenario.latencies().forEach((name, summary) -> {
                ObjectNode latency = latencies.putObject(name);
                latency.put("count", summary.count());
                latency.put("p50", summary.p50());
                latency.put("p90", summary.p90());
                latency.put("p99", summary.p99());
                latency.put("max", summary.max());
                latency.put("mean", summary.mean());
            });
            ObjectNode stages = node.putObject("stages_ms");
            scenario.stages().forEach((name, summary) -> {
                ObjectNode stage = stages.putObject(name);
                stage.put("metric", summary.metric());
                ObjectNode labels = stage.putObject("labels");
                summary.labels().forEach(labels::put);
                stage.put("count", summary.count());
                putBound(stage, "p50", summary.p50());
                putBound(stage, "p90", summary.p90());
                putBound(stage, "p99", summary.p99());
            });
            ObjectNode resources = node.putObject("resources");
            scenario.resources().forEach((process, usage) -> {
                ObjectNode resource = resources.putObject(process);
                resource.put("max_rss_mib", usage.maxRssMib());
                resource.put("mean_cpu_cores", usage.meanCpuCores());
                resource.put("cpu_seconds", usage.cpuSeconds());
                // Left out, not 0, for a process without a JIT or whose JIT could not be read.
                if (usage.jitCpuSeconds() != null) {
                    resource.put("jit_cpu_seconds", usage.jitCpuSeconds());
                    resource.put("cpu_seconds_without_jit", usage.cpuSecondsWithoutJit());
                }
                if (usage.maxHeapMib() == null) {
                    resource.putNull("max_heap_mib");
                } else {
                    resource.put("max_heap_mib", usage.maxHeapMib());
                }
            });
            putStackCpu(node, scenario.stackCpu());
            ArrayNode notes = node.putArray("notes");
            scenario.notes().forEach(notes::add);
        }
        if (peer == null) {
            root.putNull("peer");
        } else {
            root.set("peer", peer.toJson(json));
        }
        return root;
    }

    private static void putStackCpu(ObjectNode scenarioNode, StackCpu stack) {
        if (stack == null) {
            scenarioNode.putNull("resources_total");
            return;
        }
        ObjectNode total = scenarioNode.putObject("resources_total");
        ArrayNode processes = total.putArray("processes");
        stack.processes().forEach(processes::add);
        total.put("cpu_seconds", stack.cpuSeconds());
        if (stack.cpuSecondsWithoutJit() != null) {
            total.put("cpu_seconds_without_jit", stack.cpuSecondsWithoutJit());
        }
    }

    private static void putSpeed(ObjectNode machineNode, String field, MachineSpeed speed) {
        if (speed == null) {
            machineNode.putNull(field);
            return;
        }
        ObjectNode node = machineNode.putObject(field);
        node.put("one_thread_ms", tenths(speed.oneThreadMs()));
        node.put("all_threads_ms", tenths(speed.allThreadsMs()));
        node.put("threads", speed.threads());
    }

    /** A tenth of a millisecond is already below what two readings of one machine agree on. */
    private static double tenths(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    /** A bucket upper bound; null when it is the {@code +Inf} bucket, which JSON has no number for. */
    private static void putBound(ObjectNode node, String field, double millis) {
        if (Double.isInfinite(millis)) {
            node.putNull(field);
        } else {
            node.put(field, millis);
        }
    }

    /**
     * The machine's speed readings, then the rows of every scenario and of the peer, aligned in three columns. The
     * speed comes first because it says how far this run's figures compare with another's.
     */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(new String[] {"machine", "speed before", describe(speedBefore)});
        rows.add(new String[] {"machine", "speed after", describe(speedAfter)});
        for (ScenarioResult scenario : scenarios) {
            rows.addAll(rowsOf(scenario));
        }
        if (peer != null) {
            rows.addAll(peer.rows());
        }
        return aligned(rows);
    }

    /** The rows of some scenarios, aligned in three columns; the bench prints each as it finishes. */
    public static String table(List<ScenarioResult> scenarios) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ScenarioResult scenario : scenarios) {
            rows.addAll(rowsOf(scenario));
        }
        return aligned(rows);
    }

    private static String aligned(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int column = 0; column < row.length; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            table.append(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %s", row[0], row[1], row[2])
                            .stripTrailing())
                    .append('\n');
        }
        return table.toString();
    }

    private static List<String[]> rowsOf(ScenarioResult scenario) {
        List<String[]> rows = new ArrayList<>();
        String name = scenario.name();
        if (scenario.isSkipped()) {
            scenario.notes().forEach(note -> rows.add(new String[] {name, "note", note}));
            return rows;
        }
        scenario.figures().forEach((key, value) -> rows.add(new String[] {name, key, Numbers.compact(value)}));
        scenario.latencies()
                .forEach((key, summary) -> rows.add(new String[] {name, key + " latency", summary.describe()}));
        scenario.stages().forEach((key, summary) -> rows.add(new String[] {name, "stage " + key, summary.describe()}));
        scenario.resources().forEach((process, usage) -> rows.add(new String[] {name, process, describe(usage)}));
        if (scenario.stackCpu() != null) {
            rows.add(new String[] {name, "stack cpu", describe(scenario.stackCpu())});
        }
        if (scenario.error() != null) {
            rows.add(new String[] {name, "error", scenario.error()});
        }
        return rows;
    }

    private static String describe(MachineSpeed speed) {
        return speed == null ? "not measured" : speed.describe();
    }

    private static String describe(ResourceUsage usage) {
        String jit = usage.jitCpuSeconds() == null
                ? ""
                : ": JIT " + cpuSeconds(usage.jitCpuSeconds()) + ", without JIT "
                        + cpuSeconds(usage.cpuSecondsWithoutJit());
        String text = "rss max " + Numbers.compact(Math.round(usage.maxRssMib())) + " MiB, cpu "
                + String.format(Locale.ROOT, "%.2f", usage.meanCpuCores()) + " cores ("
                + cpuSeconds(usage.cpuSeconds()) + " cpu-s" + jit + ")";
        return usage.maxHeapMib() == null
                ? text
                : text + ", heap max " + Numbers.compact(Math.round(usage.maxHeapMib())) + " MiB";
    }

    private static String describe(StackCpu stack) {
        String withoutJit = stack.cpuSecondsWithoutJit() == null
                ? ", without JIT unknown (see the JSON's notes)"
                : ", without JIT " + cpuSeconds(stack.cpuSecondsWithoutJit());
        return cpuSeconds(stack.cpuSeconds()) + " cpu-s" + withoutJit + " (" + String.join(" + ", stack.processes())
                + ")";
    }

    private static String cpuSeconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
