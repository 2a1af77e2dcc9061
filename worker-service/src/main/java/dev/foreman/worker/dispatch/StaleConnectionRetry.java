package dev.foreman.worker.dispatch;

import java.io.IOException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Sends a request once more, at once, when the target closed a pooled keep-alive connection
 * without answering it. That is how a connection that the target closed just after the pool
 * checked it shows itself (a server closes idle connections on its own schedule, and the close can
 * cross the next request); the request never reached the target, so it is not an attempt.
 *
 * <p>A fresh connection that ends without an answer is different: the target read the request,
 * and may have acted on it, before it hung up. Sending it again would be a second delivery inside
 * one attempt, so it is the attempt's outcome like every other failure, retried by Foreman with
 * back-off and recorded.
 */
final class StaleConnectionRetry implements HttpRequestRetryStrategy {

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= 1 && exception instanceof NoHttpResponseException && answeredBefore(context);
    }

    /** Whether the connection the request went out on had answered an earlier one: it came from the pool. */
    private static boolean answeredBefore(HttpContext context) {
        EndpointDetails connection = HttpCoreContext.cast(context).getEndpointDetails();
        return connection != null && connection.getResponseCount() > 0;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }
}
