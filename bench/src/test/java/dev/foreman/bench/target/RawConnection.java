package dev.foreman.bench.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A client connection to the target that sends bytes exactly as written, for framing the JDK
 * client would never produce. Reads time out, so a target that never answers fails the test.
 */
final class RawConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;

    RawConnection(URI target) throws IOException {
        socket = new Socket(target.getHost(), target.getPort());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One answer's head, up to and including its blank line; the target's answers have no body. */
    String readAnswer() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            // A byte at a time, so that nothing of the next answer is read with this one.
            int b = in.read();
            if (b < 0) {
                throw new IOException("the target closed the connection after " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the target has closed the connection with nothing more sent. */
    boolean endsHere() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
