package dev.foreman.client.errors;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Foreman could not be reached, or the connection broke before an answer, on every attempt the
 * client's retry policy allowed. A submit may still have been stored: send it again with the same
 * idempotency key to find out.
 */
public class ForemanIoException extends UncheckedIOException {
    public ForemanIoException(String message, IOException cause) {
        super(message, cause);
    }
}
