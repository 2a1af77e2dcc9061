package dev.foreman.worker.callback;

import dev.foreman.common.callback.DueCallback;
import dev.foreman.worker.callback.DeliveryResult.Kind;
import dev.foreman.worker.dispatch.DispatchSignature;
import dev.foreman.worker.dispatch.HttpDispatcher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the HTTP request of one callback delivery: a POST of the job's JSON with Foreman's headers,
 * signed like a dispatch ({@code Foreman-Signature}), bounded by the callback timeout. The
 * receiver's answer body is not read; only its status counts. A stopping worker can
 * {@linkplain #abortAll() abort} the deliveries still waiting for an answer.
 */
final class CallbackPoster implements AutoCloseable {
    static final String DELIVERY_HEADER = "Foreman-Callback-Delivery";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<CompletableFuture<?>> exchanges = ConcurrentHashMap.newKeySet();
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    CallbackPoster(Duration connectTimeout, Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .connectTimeout(connectTimeout)
                // A redirect is the receiver's answer (not 2xx), not an instruction to post elsewhere.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Posts {@code body} (the job's JSON) to the callback's URL and waits for the answer. */
    DeliveryResult post(DueCallback callback, String body) {
        Instant startedAt = clock.instant();
        CompletableFuture<HttpResponse<Void>> exchange;
        try {
            exchange = client.sendAsync(request(callback, body, startedAt), HttpResponse.BodyHandlers.discarding());
        } catch (IllegalArgumentException e) {
            return result(Kind.INVALID_URL, null, "invalid callback url: " + e.getMessage(), startedAt);
        }
        exchanges.add(exchange);
        try {
            int status = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return result(Kind.ANSWERED, status, status / 100 == 2 ? null : "HTTP " + status, startedAt);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return result(Kind.NO_ANSWER, null, "timed out after " + HttpDispatcher.describe(timeout), startedAt);
        } catch (CancellationException e) {
            return result(Kind.ABORTED, null, "the worker stopped during the delivery", startedAt);
        } catch (ExecutionException e) {
            return failed(e.getCause(), callback.url(), startedAt);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return result(Kind.ABORTED, null, "the worker stopped during the delivery", startedAt);
        } finally {
            exchanges.remove(exchange);
        }
    }

    /** Cuts off every delivery still waiting for an answer; each reports itself aborted. */
    void abortAll() {
        exchanges.forEach(exchange -> exchange.cancel(true));
    }

    private static HttpRequest request(DueCallback callback, String body, Instant now) {
        return HttpRequest.newBuilder(URI.create(callback.url()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .setHeader("Content-Type", "application/json")
                .setHeader("User-Agent", HttpDispatcher.USER_AGENT)
                .setHeader("Foreman-Job-Id", callback.jobId().toString())
                .setHeader(DELIVERY_HEADER, String.valueOf(callback.delivery()))
                .setHeader(
                        DispatchSignature.HEADER,
                        DispatchSignature.sign(
                                callback.signingSecret(), callback.previousSigningSecret(), now.getEpochSecond(), body))
                .build();
    }

    private DeliveryResult failed(Throwable cause, String url, Instant startedAt) {
        if (cause instanceof HttpConnectTimeoutException) {
            return result(Kind.NO_ANSWER, null, "connect to " + authority(url) + " timed out", startedAt);
        }
        if (cause instanceof HttpTimeoutException) {
            return result(Kind.NO_ANSWER, null, "timed out after " + HttpDispatcher.describe(timeout), startedAt);
        }
        if (cause instanceof ConnectException) {
            return result(Kind.NO_ANSWER, null, "connect refused by " + authority(url), startedAt);
        }
        if (cause instanceof IllegalArgumentException) {
            return result(Kind.INVALID_URL, null, "invalid callback url: " + cause.getMessage(), startedAt);
        }
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return result(
                Kind.NO_ANSWER,
                null,
                (cause instanceof IOException ? "network error: " : "request failed: ") + what,
                startedAt);
    }

    private static String authority(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private DeliveryResult result(Kind kind, Integer status, String error, Instant startedAt) {
        return new DeliveryResult(kind, status, error, startedAt, Duration.between(startedAt, clock.instant()));
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
