package dev.foreman.worker.dispatch;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.DispatchResult.Failure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Makes the HTTP request of one attempt (DESIGN §4) and reports what came of it. The whole
 * exchange, body included, is bounded by the job's timeout; only the first 4 KiB of the response
 * body are read. Callers run it on a virtual thread, one per attempt: it blocks for the exchange.
 */
@Component
public class HttpDispatcher implements AutoCloseable {
    static final int RESPONSE_BODY_LIMIT = 4096;
    public static final String USER_AGENT = "Foreman/0.1";

    // The JDK client refuses to let callers set these; a job carrying one would never be deliverable.
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Clock clock;

    HttpDispatcher(WorkerProperties properties, Clock clock) {
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .connectTimeout(properties.connectTimeout())
                // A redirect is the target's answer, not an instruction to deliver the job elsewhere.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Delivers {@code claimed} once.
     *
     * @param parentTraceparent the {@code traceparent} of the record that carried the job, or null
     */
    public DispatchResult dispatch(ClaimedJob claimed, String parentTraceparent) {
        Job job = claimed.job();
        Instant startedAt = clock.instant();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            HttpRequest request = request(claimed, parentTraceparent, startedAt);
            exchange = client.sendAsync(request, info -> new FirstBytes(RESPONSE_BODY_LIMIT));
        } catch (IllegalArgumentException e) {
            return failed(Failure.INVALID_TARGET, "invalid target: " + e.getMessage(), startedAt);
        }
        try {
            HttpResponse<byte[]> response = exchange.get(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Answered(
                    response.statusCode(),
                    text(response.body()),
                    response.headers().firstValue("Retry-After").orElse(null),
                    startedAt,
                    Duration.between(startedAt, clock.instant()));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return failed(Failure.TIMED_OUT, "timed out after " + describe(job.timeout()), startedAt);
        } catch (ExecutionException e) {
            return failed(e.getCause(), job, startedAt);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return failed(Failure.NETWORK, "interrupted: the worker stopped during the request", startedAt);
        }
    }

    private HttpRequest request(ClaimedJob claimed, String parentTraceparent, Instant now) {
        Job job = claimed.job();
        String body = job.payload() == null ? "" : job.payload();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(job.target().url()))
                .timeout(job.timeout())
                .method(
                        job.target().method(),
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        job.target().headers().forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, value);
            }
        });
        // Set after the job's own headers so a job cannot forge Foreman's.
        return request.setHeader("Content-Type", "application/json")
                .setHeader("User-Agent", USER_AGENT)
                .setHeader("Foreman-Job-Id", job.id().toString())
                .setHeader("Foreman-Attempt", String.valueOf(job.attempt()))
                .setHeader("Foreman-Queue", job.queue())
                .setHeader("Foreman-Job-Type", job.type())
                .setHeader("Idempotency-Key", job.id().toString())
                .setHeader(Traceparent.HEADER, Traceparent.childOf(parentTraceparent))
                .setHeader(
                        DispatchSignature.HEADER,
                        DispatchSignature.sign(claimed.signingSecret(), now.getEpochSecond(), body))
                .build();
    }

    private Failed failed(Throwable cause, Job job, Instant startedAt) {
        URI target = URI.create(job.target().url());
        String authority = target.getHost() + (target.getPort() == -1 ? "" : ":" + target.getPort());
        if (cause instanceof HttpConnectTimeoutException) {
            return failed(Failure.NETWORK, "connect to " + authority + " timed out", startedAt);
        }
        if (cause instanceof HttpTimeoutException) {
            return failed(Failure.TIMED_OUT, "timed out after " + describe(job.timeout()), startedAt);
        }
        if (hasCause(cause, UnresolvedAddressException.class)) {
            return failed(Failure.NETWORK, "unknown host " + target.getHost(), startedAt);
        }
        if (cause instanceof ConnectException) {
            return failed(Failure.NETWORK, "connect refused by " + authority, startedAt);
        }
        if (cause instanceof IllegalArgumentException) {
            return failed(Failure.INVALID_TARGET, "invalid target: " + cause.getMessage(), startedAt);
        }
        if (cause instanceof IOException) {
            return failed(Failure.NETWORK, "network error: " + describe(cause), startedAt);
        }
        return failed(Failure.NETWORK, "request failed: " + describe(cause), startedAt);
    }

    private Failed failed(Failure failure, String error, Instant startedAt) {
        return new Failed(failure, error, startedAt, Duration.between(startedAt, clock.instant()));
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /** "30s", or "1500ms" when the timeout is not whole seconds. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static String text(byte[] body) {
        // Postgres text cannot hold NUL; a binary body is kept as readable as it can be.
        return body.length == 0 ? null : new String(body, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    /** Aborts whatever is still in flight: by now the worker's shutdown grace has passed. */
    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
