package dev.foreman.api.events;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives one event-stream connection Tomcat's write timeout of {@code write-timeout}: a blocking
 * write to it that makes no progress for that long fails with a {@code SocketTimeoutException}
 * (its writer thread ends) and Tomcat closes the connection. This is how a client that stopped
 * reading is got rid of.
 *
 * <p>Nothing else ends such a write. Tomcat waits again when the writer thread is interrupted.
 * Ending the async request from another thread (an error, a completion) waits behind the blocked
 * write, because Spring MVC holds the response's lock while it writes, and closing the response's
 * output from another thread would write its buffer a second time, concurrently. Tomcat's own write
 * timeout ends the write from inside and makes every later write fail at once, but Tomcat sets it
 * per connector ({@code server.tomcat.connection-timeout}, 60 s, which bounds reads as well), and
 * the servlet API cannot set it for one connection. So this reaches the connection's {@link
 * SocketWrapperBase} through Tomcat's request and processor by reflection, once per stream. Should
 * a Tomcat upgrade move those, it says so once at {@code WARN} and the stream goes on with the
 * connector's timeout; {@code SlowEventClientIT} fails then.
 */
final class ConnectionWriteTimeout {
    private static final Logger log = LoggerFactory.getLogger(ConnectionWriteTimeout.class);
    private static final TomcatInternals TOMCAT = TomcatInternals.find();
    private static final AtomicBoolean warned = new AtomicBoolean();

    private ConnectionWriteTimeout() {}

    /**
     * Sets the write timeout of {@code request}'s connection (it stays for later requests on the
     * same connection, if any).
     *
     * @return whether it was set
     */
    static boolean set(HttpServletRequest request, Duration timeout) {
        if (TOMCAT != null) {
            try {
                SocketWrapperBase<?> socket = TOMCAT.socketOf(request);
                if (socket != null) {
                    socket.setWriteTimeout(Math.max(1, timeout.toMillis()));
                    return true;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("Could not reach the connection of an event stream", e);
            }
        }
        if (warned.compareAndSet(false, true)) {
            log.warn("Could not set the write timeout of an event stream's connection (not Tomcat over HTTP/1.1,"
                    + " or Tomcat's internals moved): a client that stops reading is disconnected only by the"
                    + " server's own write timeout (server.tomcat.connection-timeout, 60 s by default) or once"
                    + " foreman.api.events.client-buffer events wait for it");
        }
        return false;
    }

    /** Whether the Tomcat on the classpath has the fields and method this reaches its connections by. */
    static boolean knowsThisTomcat() {
        return TOMCAT != null;
    }

    /** The three steps from the servlet request to its connection; null when one is missing. */
    private record TomcatInternals(Field facadeRequest, Field processor, Method socketWrapper) {
        static TomcatInternals find() {
            try {
                Field facadeRequest = RequestFacade.class.getDeclaredField("request");
                Field processor = org.apache.coyote.Request.class.getDeclaredField("hook");
                Method socketWrapper = AbstractProcessor.class.getDeclaredMethod("getSocketWrapper");
                facadeRequest.setAccessible(true);
                processor.setAccessible(true);
                socketWrapper.setAccessible(true);
                return new TomcatInternals(facadeRequest, processor, socketWrapper);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                log.debug("Tomcat's request, processor or socket wrapper are not where they were", e);
                return null;
            }
        }

        SocketWrapperBase<?> socketOf(HttpServletRequest request) throws ReflectiveOperationException {
            ServletRequest unwrapped = request;
            while (unwrapped instanceof ServletRequestWrapper wrapper) {
                unwrapped = wrapper.getRequest();
            }
            if (!(unwrapped instanceof RequestFacade facade)
                    || !(facadeRequest.get(facade) instanceof Request catalina)) {
                return null;
            }
            // HTTP/1.1 only: an HTTP/2 stream shares its connection, and its writes time out by
            // http2's own writeTimeout.
            if (!(processor.get(catalina.getCoyoteRequest()) instanceof Http11Processor http11)) {
                return null;
            }
            return (SocketWrapperBase<?>) socketWrapper.invoke(http11);
        }
    }
}
