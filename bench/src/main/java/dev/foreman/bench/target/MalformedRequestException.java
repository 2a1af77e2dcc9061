package dev.foreman.bench.target;

import java.io.IOException;

/** A request the target cannot frame or parse; the connection answers {@code 400} and closes. */
final class MalformedRequestException extends IOException {
    MalformedRequestException(String message) {
        super(message);
    }
}
