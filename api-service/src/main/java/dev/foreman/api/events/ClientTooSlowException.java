package dev.foreman.api.events;

/**
 * Ends the stream of a client the fan-out dropped. It must reach the servlet container unhandled:
 * on a response already committed, Tomcat then closes the connection at once, which is the only way
 * to be rid of a client whose socket no longer takes data.
 */
final class ClientTooSlowException extends RuntimeException {
    ClientTooSlowException(int clientBuffer) {
        super("event stream client fell " + clientBuffer + " events behind; disconnected", null, false, false);
    }
}
