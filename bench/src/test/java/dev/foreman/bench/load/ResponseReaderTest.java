package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws IOException {
        RawResponse response = read("HTTP/1.1 202 \r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\n{\"id\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n");

        assertThat(response.status()).isEqualTo(202);
        assertThat(text(response)).isEqualTo("{\"id\":1}");
        assertThat(response.keepAlive()).isTrue();
    }

    @Test
    void readsResponsesThatArriveOneByteAtATime() throws IOException {
        String wire = "HTTP/1.1 200 OK\r\ntransfer-encoding: CHUNKED\r\n\r\na\r\n0123456789\r\n0\r\n\r\n";
        ResponseReader reader = new ResponseReader(new OneByteAtATime(bytes(wire)));

        assertThat(text(reader.read())).isEqualTo("0123456789");
    }

    @Test
    void keepsBytesOfTheNextResponseThatArrivedWithThisOne() throws IOException {
        ResponseReader reader =
                new ResponseReader(new ByteArrayInputStream(bytes("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nab"
                        + "HTTP/1.1 503 \r\nContent-Length: 2\r\n\r\ncd")));

        assertThat(text(reader.read())).isEqualTo("ab");
        RawResponse second = reader.read();
        assertThat(second.status()).isEqualTo(503);
        assertThat(text(second)).isEqualTo("cd");
    }

    @Test
    void skipsInformationalAnswersBeforeTheFinalOne() throws IOException {
        RawResponse response = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void marksTheConnectionSpentWhenTheServerSaysClose() throws IOException {
        assertThat(read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                        .keepAlive())
                .isFalse();
        assertThat(read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive())
                .isFalse();
    }

    @Test
    void readsABodyWithoutFramingToTheEndOfTheConnection() throws IOException {
        RawResponse response = read("HTTP/1.1 500 Oops\r\n\r\nno length given");

        assertThat(text(response)).isEqualTo("no length given");
        assertThat(response.keepAlive()).isFalse();
    }

    @Test
    void failsWhenTheServerClosesInsideTheBody() {
        assertThatThrownBy(() -> read("HTTP/1.1 202 \r\nContent-Length: 10\r\n\r\nshort"))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("5 of 10");
        assertThatThrownBy(() -> read("HTTP/1.1 202 \r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void failsWhenTheServerClosesBeforeAnswering() {
        assertThatThrownBy(() -> read("")).isInstanceOf(EOFException.class).hasMessageContaining("before answering");
    }

    @Test
    void rejectsWhatIsNotAnHttpResponse() {
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH_9.6\r\n\r\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP/1.x status line");
        assertThatThrownBy(() -> read("HTTP/1.1 202 \r\nContent-Length: twelve\r\n\r\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed Content-Length");
    }

    private static RawResponse read(String wire) throws IOException {
        return new ResponseReader(new ByteArrayInputStream(bytes(wire))).read();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(RawResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** A stream that hands out one byte per read, as a slow network might. */
    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream bytes;

        OneByteAtATime(byte[] bytes) {
            this.bytes = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            return length == 0 ? 0 : bytes.read(target, offset, 1);
        }
    }
}
