package dev.foreman.bench.stack;

import dev.foreman.bench.resources.ProcessGroup;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A stack the bench did not start ({@code --api-url}, {@code --api-key}): it can only be driven
 * over the API, so the drain scenario is skipped and resources are measured for the bench alone.
 */
public final class ExternalStack implements Stack {
    private final URI apiUrl;
    private final String apiKey;

    public ExternalStack(URI apiUrl, String apiKey) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
    }

    @Override
    public URI apiUrl() {
        return apiUrl;
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public Optional<String> otherTenantApiKey() {
        // Creating a tenant takes the operator's key, which the bench does not assume it was given.
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "external stack at " + apiUrl + " (not started by the bench; services not measured)";
    }

    @Override
    public List<ProcessGroup> monitored() {
        return List.of(ProcessGroup.benchJvm("bench (load generator and target)"));
    }

    @Override
    public boolean controlsWorker() {
        return false;
    }

    @Override
    public void startWorker() {
        // Someone else's worker: assume it runs.
    }

    @Override
    public void stopWorker() {
        throw new UnsupportedOperationException("The bench cannot stop the worker of a stack it did not start");
    }

    @Override
    public OptionalLong outboxDepth() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        // Nothing was started.
    }
}
