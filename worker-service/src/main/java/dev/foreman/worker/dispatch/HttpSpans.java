package dev.foreman.worker.dispatch;

import dev.foreman.common.tracing.TraceAttributes;
import dev.foreman.common.tracing.TraceSpan;
import java.net.URI;
import java.util.Locale;

/**
 * The HTTP client attributes (OpenTelemetry's semantic conventions) of the spans of requests a
 * worker sends: dispatches and callbacks. The URL is reported without its query, fragment and
 * user info, which often hold credentials. Call only for a recording span.
 */
public final class HttpSpans {
    private HttpSpans() {}

    /** The request: its method and where it goes. */
    public static void request(TraceSpan span, String method, String url) {
        span.set(TraceAttributes.HTTP_REQUEST_METHOD, method.toUpperCase(Locale.ROOT));
        try {
            URI target = URI.create(url);
            span.set(TraceAttributes.SERVER_ADDRESS, target.getHost());
            int port = target.getPort() != -1 ? target.getPort() : defaultPort(target.getScheme());
            if (port > 0) {
                span.set(TraceAttributes.SERVER_PORT, port);
            }
            span.set(TraceAttributes.URL_FULL, withoutSecrets(target));
        } catch (IllegalArgumentException e) {
            // An invalid URL fails the request itself; the span reports that failure.
        }
    }

    /** The answer's status; a 4xx or 5xx marks the span failed, as the conventions say for a client. */
    public static void answered(TraceSpan span, int status) {
        span.set(TraceAttributes.HTTP_RESPONSE_STATUS_CODE, status);
        if (status >= 400) {
            span.fail(String.valueOf(status), "HTTP " + status);
        }
    }

    private static int defaultPort(String scheme) {
        if ("https".equalsIgnoreCase(scheme)) {
            return 443;
        }
        return "http".equalsIgnoreCase(scheme) ? 80 : -1;
    }

    private static String withoutSecrets(URI target) {
        StringBuilder url = new StringBuilder();
        if (target.getScheme() != null) {
            url.append(target.getScheme()).append("://");
        }
        if (target.getHost() != null) {
            url.append(target.getHost());
        }
        if (target.getPort() != -1) {
            url.append(':').append(target.getPort());
        }
        if (target.getRawPath() != null) {
            url.append(target.getRawPath());
        }
        return url.toString();
    }
}
