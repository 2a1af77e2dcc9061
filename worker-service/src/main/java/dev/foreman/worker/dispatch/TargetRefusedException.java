package dev.foreman.worker.dispatch;

import java.net.UnknownHostException;

/**
 * A target's or callback's host resolved to an address the SSRF guard refuses. An {@link
 * UnknownHostException} because the HTTP client's resolver may only throw that; it is told apart by
 * its type, and is never retried.
 */
public final class TargetRefusedException extends UnknownHostException {
    public TargetRefusedException(String message) {
        super(message);
    }
}
