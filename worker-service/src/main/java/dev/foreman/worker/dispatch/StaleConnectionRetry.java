package dev.foreman.worker.dispatch;

import java.io.IOException;
import java.net.SocketException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Sends a request again, at once, only when it provably never left this machine: the pooled
 * keep-alive connection it was to go out on had been reset or closed by the target, and the write
 * failed before the socket took a single byte of the request ({@link #requestExecutor()} notes how
 * many bytes the connection had sent before the request, the retry compares). Each connection that
 * failed so is dropped and the next is tried, until one carries the request. The request never
 * reached the target, so it is not an attempt.
 *
 * <p>Every other failure is the attempt's outcome, retried by Foreman with back-off and recorded:
 * a connection, pooled or fresh, that ends without an answer once any byte of the request was
 * written may have been read by the target, which may have acted on it before it hung up, and
 * sending it again at once would be a second delivery inside one attempt. That includes a pooled
 * connection the target closed just before the request went out (within the second of idleness
 * after which the pool checks a connection before reuse): from this side it cannot be told apart
 * from a target that read the request and then closed, so it costs an attempt rather than risking
 * a delivery no attempt records.
 */
final class StaleConnectionRetry implements HttpRequestRetryStrategy {
    /** The context attribute: the connection's sent-bytes count just before the request was written. */
    private static final String SENT_BEFORE = "foreman.sent-bytes-before-request";

    private final int maxResends;

    /** @param maxResends at most this many resends: the pool's size, each resend drops one connection */
    StaleConnectionRetry(int maxResends) {
        this.maxResends = maxResends;
    }

    /**
     * The client's request executor, which notes in the context how many bytes the connection had
     * sent before each request, so that {@link #retryRequest} can tell whether any of it was written.
     */
    static HttpRequestExecutor requestExecutor() {
        return new HttpRequestExecutor() {
            @Override
            public ClassicHttpResponse execute(
                    ClassicHttpRequest request,
                    HttpClientConnection connection,
                    HttpResponseInformationCallback informationCallback,
                    HttpContext context)
                    throws IOException, HttpException {
                EndpointDetails details = connection.getEndpointDetails();
                context.setAttribute(SENT_BEFORE, details == null ? null : details.getSentBytesCount());
                return super.execute(request, connection, informationCallback, context);
            }
        };
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= maxResends && closedByTarget(exception) && nothingWritten(context);
    }

    /**
     * A reset or a broken pipe: how a connection the target closed shows itself to a write. A
     * {@code ConnectException} and its kin are subclasses, thrown only for a new connection.
     */
    private static boolean closedByTarget(IOException exception) {
        return exception.getClass() == SocketException.class;
    }

    /** Whether the connection took no byte of this request: its sent-bytes count has not moved. */
    private static boolean nothingWritten(HttpContext context) {
        EndpointDetails connection = HttpCoreContext.cast(context).getEndpointDetails();
        return connection != null
                && context.getAttribute(SENT_BEFORE) instanceof Long before
                && connection.getSentBytesCount() == before;
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
