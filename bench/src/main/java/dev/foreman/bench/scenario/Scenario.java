package dev.foreman.bench.scenario;

import dev.foreman.bench.report.ScenarioResult;

/** One benchmark scenario: it drives the stack and measures one aspect of it. */
public interface Scenario {

    /** The name on the command line and in the report, e.g. {@code e2e}. */
    String name();

    /** Whether jobs must be delivered, so the worker must run before the scenario starts. */
    boolean needsWorker();

    /** Runs the scenario; a failure after some figures were taken is reported through the result. */
    ScenarioResult run(ScenarioContext context) throws Exception;
}
