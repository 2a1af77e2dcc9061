package dev.foreman.bench.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * One client connection of the target, served on a virtual thread of its own: reads each request,
 * reports it to the {@link DeliveryLog} and answers it, for as long as the client keeps the
 * connection. Answers are pre-encoded arrays, written whole.
 */
final class TargetConnection {
    private static final byte[] NO_CONTENT = ascii("HTTP/1.1 204 No Content\r\n\r\n");
    private static final byte[] NO_CONTENT_CLOSING = ascii("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    private static final byte[] NOT_FOUND = ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    private static final byte[] NOT_FOUND_CLOSING =
            ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private static final byte[] BAD_REQUEST =
            ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final int LINGER_MILLIS = 1_000;
    private static final int MAX_LINGER_BYTES = 64 * 1024;

    private final Socket socket;
    private final Clock clock;
    private final DeliveryLog log;
    private final RequestHead head = new RequestHead();

    TargetConnection(Socket socket, Clock clock, DeliveryLog log) {
        this.socket = socket;
        this.clock = clock;
        this.log = log;
    }

    /** Answers requests until the client closes, asks to close or sends something unreadable. */
    void answerRequests() {
        try (socket) {
            // Answers are small and must leave at once, not wait for the client's delayed ACK.
            socket.setTcpNoDelay(true);
            RequestReader reader = new RequestReader(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            try {
                while (reader.readHead(head)) {
                    long nanoTime = System.nanoTime();
                    Instant receivedAt = clock.instant();
                    if (head.expectsContinue()) {
                        out.write(CONTINUE);
                    }
                    reader.skipBody(head);
                    log.delivered(head.run(), head.job(), head.attempt(), nanoTime, receivedAt);
                    try {
                        out.write(answer(head));
                    } finally {
                        log.answered(head.run(), head.job(), head.attempt(), nanoTime, System.nanoTime());
                    }
                    if (!head.keepsAlive()) {
                        return;
                    }
                }
            } catch (MalformedRequestException e) {
                out.write(BAD_REQUEST);
                closeAfterAnswer();
            }
        } catch (IOException e) {
            // The client went away, or close() closed the socket: there is no one left to answer.
        }
    }

    /**
     * Closing a socket with unread input resets the connection, and a reset can make the client
     * drop the answer before reading it; so the answer's FIN goes first and what the client still
     * sends is read, for a moment, before the close.
     */
    private void closeAfterAnswer() throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(LINGER_MILLIS);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[RequestReader.BUFFER_SIZE];
        long drained = 0;
        while (drained < MAX_LINGER_BYTES) {
            int read = in.read(sink);
            if (read < 0) {
                return;
            }
            drained += read;
        }
    }

    private static byte[] answer(RequestHead head) {
        if (head.run() == null) {
            return head.keepsAlive() ? NOT_FOUND : NOT_FOUND_CLOSING;
        }
        return head.keepsAlive() ? NO_CONTENT : NO_CONTENT_CLOSING;
    }

    /** Ends the connection; a read it is blocked in fails, which ends {@link #answerRequests()}. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
