package dev.foreman.bench.stages;

import dev.foreman.bench.prometheus.PrometheusEndpoint;
import dev.foreman.bench.report.ScenarioResult;
import dev.foreman.bench.report.StageSummary;
import dev.foreman.bench.resources.ProcessGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The stage histograms of every service the bench started, over the e2e open loop: {@link #begin}
 * scrapes them, {@link #end} scrapes them again and adds to a scenario's result one stage per
 * series that counted values in between. Services without an actuator (a stack started elsewhere)
 * are not asked, and a service that cannot be read is left out with a note: the stages explain a
 * scenario's figures and must never fail it.
 */
public final class StageWindow {
    static final String EXPLANATION = "stage lines (stages_ms in the JSON) come from the services' own Micrometer"
            + " histograms, scraped from /actuator/prometheus just before the open loop and after its last delivery"
            + " and differenced: everything the services recorded in that window. Each percentile is the upper"
            + " bound (le) of the first bucket that reaches it, so a value is at most this; Micrometer's timer"
            + " buckets are 9-33% apart and start at 1 ms. "
            + Arrays.stream(StageMetric.values())
                    .map(metric -> metric.stage() + ": " + metric.span())
                    .collect(Collectors.joining("; "))
            + ".";

    private final List<ProcessGroup> services;
    private final PrometheusEndpoint endpoint;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, StageHistograms> before;

    private StageWindow(List<ProcessGroup> services, PrometheusEndpoint endpoint) {
        this.services = services;
        this.endpoint = endpoint;
        this.before = scrape("before");
    }

    /** Scrapes the services of {@code monitored} that have an actuator and run. */
    public static StageWindow begin(List<ProcessGroup> monitored, PrometheusEndpoint endpoint) {
        List<ProcessGroup> services = monitored.stream()
                .filter(group -> group.actuator() != null && !group.pids().get().isEmpty())
                .toList();
        return new StageWindow(services, endpoint);
    }

    /**
     * Scrapes again and adds to {@code result} the stages, a note on what they are, and a note on
     * anything left out.
     */
    public void end(ScenarioResult result) {
        Map<String, StageHistograms> after = scrape("after");
        StageHistograms recorded = StageHistograms.empty();
        for (Map.Entry<String, StageHistograms> service : after.entrySet()) {
            StageHistograms earlier = before.get(service.getKey());
            if (earlier == null) {
                continue;
            }
            StageHistograms difference = service.getValue().minus(earlier);
            if (difference.wentBackwards()) {
                problems.add(service.getKey() + "'s histograms went backwards (did it restart?), so its stages"
                        + " are left out");
                continue;
            }
            recorded = recorded.plus(difference);
        }
        Map<String, StageSummary> stages = recorded.summaries();
        stages.forEach(result::stage);
        if (!stages.isEmpty()) {
            result.note(EXPLANATION);
        }
        problems.forEach(problem -> result.note("stage lines: " + problem));
    }

    /** Reads every service at once, so that the scrape is as close to the window's edge as it can be. */
    private Map<String, StageHistograms> scrape(String when) {
        Map<String, StageHistograms> scraped = new LinkedHashMap<>();
        Map<String, Future<StageHistograms>> answers = new LinkedHashMap<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ProcessGroup service : services) {
                answers.put(
                        service.name(), readers.submit(() -> StageHistograms.parse(endpoint.read(service.actuator()))));
            }
        }
        answers.forEach((service, answer) -> {
            try {
                scraped.put(service, answer.get());
            } catch (ExecutionException e) {
                problems.add("could not read /actuator/prometheus of " + service + " " + when + " the open loop ("
                        + e.getCause() + "), so its stages are left out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while reading /actuator/prometheus of " + service);
            }
        });
        return scraped;
    }
}
