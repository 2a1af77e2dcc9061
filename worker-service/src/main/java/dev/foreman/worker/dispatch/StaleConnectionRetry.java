package dev.foreman.worker.dispatch;

import java.io.IOException;
import java.net.SocketException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Sends a request again, at once, when the target had closed the pooled keep-alive connection it
 * went out on: the connection ends without an answer, or is reset, or the write meets a broken
 * pipe. The pool checks a connection before reuse only after it idled a while (the check waits
 * for a read), and a server closes idle connections on its own schedule, often many at once (the
 * JDK's {@code HttpServer} closes every idle one beyond 200 right after answering), so the next
 * pooled connection may be closed as well: each one that failed is dropped and the next is tried,
 * until a fresh connection carries the request. The request never reached the target, so it is
 * not an attempt.
 *
 * <p>A fresh connection that ends without an answer is different: the target read the request,
 * and may have acted on it, before it hung up. Sending it again would be a second delivery inside
 * one attempt, so it is the attempt's outcome like every other failure, retried by Foreman with
 * back-off and recorded.
 */
final class StaleConnectionRetry implements HttpRequestRetryStrategy {
    private final int maxResends;

    /** @param maxResends at most this many resends: the pool's size, each resend drops one connection */
    StaleConnectionRetry(int maxResends) {
        this.maxResends = maxResends;
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= maxResends && closedByTarget(exception) && answeredBefore(context);
    }

    /**
     * No answer, a reset or a broken pipe: how a connection the target closed shows itself. A
     * {@code ConnectException} and its kin are subclasses, thrown only for a new connection.
     */
    private static boolean closedByTarget(IOException exception) {
        return exception instanceof NoHttpResponseException || exception.getClass() == SocketException.class;
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
