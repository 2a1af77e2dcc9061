package dev.foreman.worker.dispatch;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import dev.foreman.common.tracing.Traceparent;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.DispatchResult.Failure;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.UnsupportedSchemeException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes the HTTP request of one attempt (DESIGN §4) and reports what came of it. The whole
 * exchange, body included, is bounded by the job's timeout; only the first 4 KiB of the response
 * body are read. Callers run it on a virtual thread, one per attempt: it blocks for the exchange.
 *
 * <p>A blocking client (Apache HttpClient, classic API) with a pool of keep-alive connections: on a
 * virtual thread a blocking exchange costs a fraction of the CPU of the JDK's asynchronous client,
 * which hands every exchange through several threads and futures. Interrupting the calling thread
 * (an aborted attempt) closes its socket and ends the exchange at once.
 */
@Component
public class HttpDispatcher implements AutoCloseable {
    static final int RESPONSE_BODY_LIMIT = 4096;
    public static final String USER_AGENT = "Foreman/0.1";

    // Set by the client from the request itself; a job's own value would corrupt the exchange.
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "te");
    // A pooled connection that idled this long is checked before reuse: a target closes idle keep-alive
    // connections on its own schedule, and unlike the JDK's client this pool does not watch its idle
    // connections for a close. The check is a read that waits 1 ms for a live connection, so checking
    // every reuse added a millisecond to every delivery; a connection closed sooner than this is found
    // by the request itself, which StaleConnectionRetry then sends on the next connection.
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);
    private static final TimeValue EVICT_IDLE_AFTER = TimeValue.ofSeconds(30);

    private final CloseableHttpClient client;
    // Cuts off an exchange that outlives its job's timeout (socket timeouts only bound each read).
    private final ScheduledThreadPoolExecutor deadlines;
    private final Clock clock;
    private final Tracing tracing;

    HttpDispatcher(WorkerProperties properties, Clock clock, GuardedDnsResolver resolver) {
        this(properties, clock, resolver, Tracing.off());
    }

    @Autowired
    HttpDispatcher(WorkerProperties properties, Clock clock, GuardedDnsResolver resolver, Tracing tracing) {
        this.clock = clock;
        this.tracing = tracing;
        this.deadlines = new ScheduledThreadPoolExecutor(
                1,
                Thread.ofPlatform().name("foreman-dispatch-deadlines").daemon().factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // The SSRF guard: every connection goes to an address it checked just before.
                        .setDnsResolver(resolver)
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        // The idle connection reused next is the one idle longest: a target's close of
                        // a connection it just answered (the JDK's HttpServer closes every idle one beyond
                        // 200 at once) may still be on its way on the connection released last, and one
                        // idle longer is more likely past the check's idle time, or already closed and
                        // found by it, than to meet that close and need a resend.
                        .setConnPoolPolicy(PoolReusePolicy.FIFO)
                        // Every attempt may hold a connection, and they may all go to one target.
                        .setMaxConnPerRoute(properties.maxInFlight())
                        .setMaxConnTotal(properties.maxInFlight())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                                .build())
                        .build())
                // A redirect is the target's answer, not an instruction to deliver the job elsewhere.
                .disableRedirectHandling()
                // A retry is a new attempt, recorded and backed off by Foreman; only a request that a
                // stale pooled connection provably never sent (no byte written) is sent again.
                .setRequestExecutor(StaleConnectionRetry.requestExecutor())
                .setRetryStrategy(new StaleConnectionRetry(properties.maxInFlight()))
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .evictIdleConnections(EVICT_IDLE_AFTER)
                .build();
    }

    /**
     * Delivers {@code claimed} once, in a {@code dispatch} span (HTTP client) when the trace is
     * sampled; the target's {@code traceparent} is that span's, or a new span id in the job's trace.
     *
     * @param parentTraceparent the trace context the attempt continues (its claim's), or null
     */
    public DispatchResult dispatch(ClaimedJob claimed, String parentTraceparent) {
        TraceSpan span = tracing.start("dispatch", SpanKind.CLIENT, parentTraceparent);
        try {
            DispatchResult result = send(claimed, span.outgoing(parentTraceparent));
            if (span.recording()) {
                describe(span, claimed.job(), result);
            }
            return result;
        } catch (RuntimeException e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static void describe(TraceSpan span, Job job, DispatchResult result) {
        span.set(TraceAttributes.JOB_ID, job.id().toString())
                .set(TraceAttributes.QUEUE, job.queue())
                .set(TraceAttributes.JOB_TYPE, job.type())
                .set(TraceAttributes.ATTEMPT, job.attempt());
        HttpSpans.request(span, job.target().method(), job.target().url());
        switch (result) {
            case Answered answered -> HttpSpans.answered(span, answered.status());
            case Failed failed -> span.fail(failed.failure().name().toLowerCase(Locale.ROOT), failed.error());
        }
    }

    private DispatchResult send(ClaimedJob claimed, String traceparent) {
        Job job = claimed.job();
        Instant startedAt = clock.instant();
        HttpUriRequestBase request;
        try {
            request = request(claimed, traceparent, startedAt);
        } catch (IllegalArgumentException e) {
            return failed(Failure.INVALID_TARGET, "invalid target: " + e.getMessage(), startedAt);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    timedOut.set(true);
                    request.cancel();
                },
                job.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, request, null);
            try {
                byte[] body = firstBytes(response.getEntity());
                if (body.length == RESPONSE_BODY_LIMIT) {
                    // The rest stays unread: drop the connection rather than drain a body of any size.
                    request.cancel();
                }
                Header retryAfter = response.getFirstHeader("Retry-After");
                return new Answered(
                        response.getCode(),
                        text(body),
                        retryAfter == null ? null : retryAfter.getValue(),
                        startedAt,
                        Duration.between(startedAt, clock.instant()));
            } finally {
                closeQuietly(response);
            }
        } catch (IOException | RuntimeException e) {
            if (timedOut.get() || e instanceof SocketTimeoutException) {
                return failed(Failure.TIMED_OUT, "timed out after " + describe(job.timeout()), startedAt);
            }
            if (Thread.currentThread().isInterrupted()) {
                return failed(Failure.NETWORK, "interrupted: the worker stopped during the request", startedAt);
            }
            return failed(e, job, startedAt);
        } finally {
            deadline.cancel(false);
        }
    }

    private static HttpUriRequestBase request(ClaimedJob claimed, String traceparent, Instant now) {
        Job job = claimed.job();
        URI target = URI.create(job.target().url());
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "unsupported scheme in " + job.target().url());
        }
        if (target.getHost() == null) {
            throw new IllegalArgumentException("no host in " + job.target().url());
        }
        String body = job.payload() == null ? "" : job.payload();
        HttpUriRequestBase request = new HttpUriRequestBase(job.target().method(), target);
        if (!body.isEmpty()) {
            request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
        }
        request.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(job.timeout()))
                .setConnectionRequestTimeout(Timeout.of(job.timeout()))
                .build());
        job.target().headers().forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, value);
            }
        });
        // Set after the job's own headers so a job cannot forge Foreman's.
        request.setHeader("Content-Type", "application/json");
        request.setHeader("User-Agent", USER_AGENT);
        request.setHeader("Foreman-Job-Id", job.id().toString());
        request.setHeader("Foreman-Attempt", String.valueOf(job.attempt()));
        request.setHeader("Foreman-Queue", job.queue());
        request.setHeader("Foreman-Job-Type", job.type());
        request.setHeader("Idempotency-Key", job.id().toString());
        request.setHeader(Traceparent.HEADER, traceparent);
        request.setHeader(
                DispatchSignature.HEADER,
                DispatchSignature.sign(
                        claimed.signingSecret(), claimed.previousSigningSecret(), now.getEpochSecond(), body));
        return request;
    }

    /**
     * The first {@link #RESPONSE_BODY_LIMIT} bytes of the body, so a huge answer costs neither
     * memory nor the rest of the job's time. Closing the response afterwards reads a shorter body to
     * its end, which returns the connection to the pool.
     */
    private static byte[] firstBytes(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        return in == null ? new byte[0] : in.readNBytes(RESPONSE_BODY_LIMIT);
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException e) {
            // The answer is in hand; a connection that cannot be closed cleanly is simply not reused.
        }
    }

    private Failed failed(Throwable cause, Job job, Instant startedAt) {
        URI target = URI.create(job.target().url());
        String authority = target.getHost() + (target.getPort() == -1 ? "" : ":" + target.getPort());
        if (cause instanceof ConnectTimeoutException) {
            return failed(Failure.NETWORK, "connect to " + authority + " timed out", startedAt);
        }
        TargetRefusedException refused = causeOf(cause, TargetRefusedException.class);
        if (refused != null) {
            return failed(Failure.INVALID_TARGET, refused.getMessage(), startedAt);
        }
        if (hasCause(cause, UnknownHostException.class)) {
            return failed(Failure.NETWORK, "unknown host " + target.getHost(), startedAt);
        }
        if (cause instanceof HttpHostConnectException || cause instanceof ConnectException) {
            return failed(Failure.NETWORK, "connect refused by " + authority, startedAt);
        }
        if (cause instanceof UnsupportedSchemeException || cause instanceof IllegalArgumentException) {
            return failed(Failure.INVALID_TARGET, "invalid target: " + describe(cause), startedAt);
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
        return causeOf(error, type) != null;
    }

    static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
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
        client.close(CloseMode.IMMEDIATE);
        deadlines.shutdownNow();
    }
}
