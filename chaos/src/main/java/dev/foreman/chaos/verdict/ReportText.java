package dev.foreman.chaos.verdict;

import dev.foreman.chaos.fault.FaultKind;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The verdict as the text a person reads: settings, load, each fault, each kind, the targets, the checks. */
public final class ReportText {
    private ReportText() {}

    public static String render(Verdict verdict) {
        RunRecord run = verdict.run();
        StringBuilder out = new StringBuilder();
        line(out, "== Foreman chaos run");
        run.settings().forEach(setting -> line(out, "  %s", setting));
        double loadSeconds = (run.loadEndNanos() - run.loadStartNanos()) / 1e9;
        line(out, "");
        line(out, "== Load");
        line(
                out,
                "  %,d jobs acknowledged in %.0f s (%.0f/s), %,d submit tries failed and were retried",
                verdict.acknowledged(),
                loadSeconds,
                verdict.acknowledged() / loadSeconds,
                run.submissions().failures().size());
        line(
                out,
                "  acknowledgement to first delivery: p50 %d ms, p99 %d ms, max %d ms",
                verdict.latencyMillis().getValueAtPercentile(50),
                verdict.latencyMillis().getValueAtPercentile(99),
                verdict.latencyMillis().getMaxValue());
        line(
                out,
                "  duplicates (allowed): %,d deliveries beyond a job's first, over %,d jobs; %,d repeated an attempt number",
                verdict.duplicates().extraDeliveries(),
                verdict.duplicates().jobs(),
                verdict.duplicates().repeatedAttempts());
        line(out, "  drain after the load: %.0f s", run.drainSeconds());
        if (!run.resources().isEmpty()) {
            line(out, "  mean CPU cores / max RSS over the load:");
            run.resources()
                    .forEach((group, usage) -> line(
                            out, "    %-28s %5.2f cores  %6.0f MiB", group, usage.meanCpuCores(), usage.maxRssMib()));
        }
        line(out, "");
        line(out, "== Faults (times in seconds; window = until the next fault)");
        line(
                out,
                "  %3s %6s  %-16s %-34s %-22s %7s %6s %7s %7s %8s %5s %6s %6s",
                "#",
                "at",
                "kind",
                "target",
                "how",
                "back",
                "failed",
                "no-ack",
                "submit",
                "deliver",
                "reap",
                "1st",
                "last");
        int n = 0;
        for (FaultFigures f : verdict.figures()) {
            line(
                    out,
                    "  %3d %6.1f  %-16s %-34s %-22s %7.1f %6d %7.2f %7.2f %8s %5s %6s %6s",
                    ++n,
                    f.atSeconds(),
                    f.fault().kind().label(),
                    clip(f.fault().target(), 34),
                    clip(f.fault().how(), 22),
                    f.restoredSeconds(),
                    f.failedTries(),
                    f.longestAckGapSeconds(),
                    f.slowestSubmitSeconds(),
                    number(f.deliveryRecoverySeconds()),
                    f.fault().leaseOwnerPrefix() == null ? "-" : Integer.toString(f.leasesReaped()),
                    number(f.firstReapSeconds()),
                    number(f.lastReapSeconds()));
            if (f.fault().error() != null) {
                line(out, "      restore failed: %s", clip(f.fault().error(), 300));
            }
        }
        line(out, "  back = until what it struck was back; failed = submit tries that failed; no-ack = longest time");
        line(out, "  without an acknowledged submit; submit = slowest submit begun in the window (first try to");
        line(out, "  acknowledgement); deliver = longest wait from acknowledgement to first delivery of the jobs");
        line(
                out,
                "  acknowledged in the %d s after the fault; reap = leases of the struck worker reaped, 1st = first",
                FaultFigures.RECOVERY_PROBE.toSeconds());
        line(
                out,
                "  reap after the fault (pause-worker: after the leader was killed), last = last reap after the fault.");
        line(out, "");
        line(out, "== By kind (worst of each)");
        for (FaultKind kind : FaultKind.values()) {
            List<FaultFigures> own = verdict.figures().stream()
                    .filter(f -> f.fault().kind() == kind)
                    .toList();
            if (own.isEmpty()) {
                line(out, "  %-16s not injected", kind.label());
                continue;
            }
            line(
                    out,
                    "  %-16s x%d  back %5.1f s  no-ack %5.2f s  slowest submit %5.2f s  deliveries recovered %6s s%s",
                    kind.label(),
                    own.size(),
                    max(own, FaultFigures::restoredSeconds),
                    max(own, FaultFigures::longestAckGapSeconds),
                    max(own, FaultFigures::slowestSubmitSeconds),
                    number(max(own, FaultFigures::deliveryRecoverySeconds)),
                    kind == FaultKind.PAUSE_WORKER
                            ? String.format(
                                    Locale.ROOT,
                                    "  first reap %s s after the leader died",
                                    number(max(own, FaultFigures::firstReapSeconds)))
                            : "");
        }
        line(out, "");
        line(out, "== Checks");
        for (Check check : verdict.checks()) {
            line(out, "  %s  %s: %s", check.passed() ? "PASS" : "FAIL", check.name(), check.summary());
            check.evidence().forEach(evidence -> line(out, "        %s", evidence));
        }
        line(out, "");
        line(out, verdict.passed() ? "PASSED" : "FAILED");
        return out.toString();
    }

    private static double max(List<FaultFigures> figures, ToDoubleFunction<FaultFigures> figure) {
        double max = Double.NEGATIVE_INFINITY;
        for (FaultFigures f : figures) {
            double value = figure.applyAsDouble(f);
            if (Double.isNaN(value)) {
                continue;
            }
            max = Math.max(max, value);
        }
        return max == Double.NEGATIVE_INFINITY ? Double.NaN : max;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
