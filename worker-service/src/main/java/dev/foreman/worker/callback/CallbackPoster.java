package dev.foreman.worker.callback;

import dev.foreman.common.callback.DueCallback;
import dev.foreman.common.tracing.Traceparent;
import dev.foreman.worker.callback.DeliveryResult.Kind;
import dev.foreman.worker.dispatch.DispatchSignature;
import dev.foreman.worker.dispatch.GuardedDnsResolver;
import dev.foreman.worker.dispatch.HttpDispatcher;
import dev.foreman.worker.dispatch.TargetRefusedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes the HTTP request of one callback delivery: a POST of the job's JSON with Foreman's headers,
 * signed like a dispatch ({@code Foreman-Signature}), bounded by the callback timeout. The
 * receiver's answer body is not read; only its status counts. A stopping worker can
 * {@linkplain #abortAll() abort} the deliveries still waiting for an answer.
 *
 * <p>The same client as dispatches (Apache HttpClient, blocking, on the caller's virtual thread),
 * for the same SSRF guard: its connections go only to addresses {@link GuardedDnsResolver} checked,
 * and it follows no redirect (a redirect is the receiver's answer, not 2xx).
 */
final class CallbackPoster implements AutoCloseable {
    static final String DELIVERY_HEADER = "Foreman-Callback-Delivery";

    private final Set<HttpPost> exchanges = ConcurrentHashMap.newKeySet();
    private final CloseableHttpClient client;
    // Cuts off a delivery that outlives the callback timeout (socket timeouts only bound each read).
    private final ScheduledThreadPoolExecutor deadlines;
    private final Duration timeout;
    private final Clock clock;

    CallbackPoster(Duration connectTimeout, Duration timeout, Clock clock, GuardedDnsResolver resolver) {
        this.timeout = timeout;
        this.clock = clock;
        this.deadlines = new ScheduledThreadPoolExecutor(
                1,
                Thread.ofPlatform().name("foreman-callback-deadlines").daemon().factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnPerRoute(64)
                        .setMaxConnTotal(256)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .build();
    }

    /**
     * Posts {@code body} (the job's JSON) to the callback's URL with {@code traceparent}, and waits
     * for the answer.
     */
    DeliveryResult post(DueCallback callback, String body, String traceparent) {
        Instant startedAt = clock.instant();
        HttpPost request;
        try {
            request = request(callback, body, traceparent, startedAt);
        } catch (IllegalArgumentException e) {
            return result(Kind.INVALID_URL, null, "invalid callback url: " + e.getMessage(), startedAt);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    timedOut.set(true);
                    request.cancel();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        exchanges.add(request);
        try {
            ClassicHttpResponse response = client.executeOpen(null, request, null);
            try {
                int status = response.getCode();
                return result(Kind.ANSWERED, status, status / 100 == 2 ? null : "HTTP " + status, startedAt);
            } finally {
                // The answer's body is not wanted: drop the connection rather than drain it.
                request.cancel();
                response.close();
            }
        } catch (IOException | RuntimeException e) {
            if (timedOut.get() || e instanceof SocketTimeoutException) {
                return result(Kind.NO_ANSWER, null, "timed out after " + HttpDispatcher.describe(timeout), startedAt);
            }
            if (request.isCancelled() || Thread.currentThread().isInterrupted()) {
                return result(Kind.ABORTED, null, "the worker stopped during the delivery", startedAt);
            }
            return failed(e, callback.url(), startedAt);
        } finally {
            exchanges.remove(request);
            deadline.cancel(false);
        }
    }

    /** Cuts off every delivery still waiting for an answer; each reports itself aborted. */
    void abortAll() {
        exchanges.forEach(HttpPost::cancel);
    }

    private HttpPost request(DueCallback callback, String body, String traceparent, Instant now) {
        URI url = URI.create(callback.url());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("unsupported scheme in " + callback.url());
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("no host in " + callback.url());
        }
        HttpPost request = new HttpPost(url);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        request.setConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        request.setHeader("Content-Type", "application/json");
        request.setHeader("User-Agent", HttpDispatcher.USER_AGENT);
        request.setHeader("Foreman-Job-Id", callback.jobId().toString());
        request.setHeader(DELIVERY_HEADER, String.valueOf(callback.delivery()));
        request.setHeader(Traceparent.HEADER, traceparent);
        request.setHeader(
                DispatchSignature.HEADER,
                DispatchSignature.sign(
                        callback.signingSecret(), callback.previousSigningSecret(), now.getEpochSecond(), body));
        return request;
    }

    private DeliveryResult failed(Throwable cause, String url, Instant startedAt) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TargetRefusedException refused) {
                return result(Kind.INVALID_URL, null, refused.getMessage(), startedAt);
            }
        }
        if (cause instanceof ConnectTimeoutException) {
            return result(Kind.NO_ANSWER, null, "connect to " + authority(url) + " timed out", startedAt);
        }
        if (cause instanceof HttpHostConnectException || cause instanceof ConnectException) {
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
        client.close(CloseMode.IMMEDIATE);
        deadlines.shutdownNow();
    }
}
