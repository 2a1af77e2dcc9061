package dev.foreman.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoopTargetTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123456Z");
    private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n";
    private static final String BODY = "{\"bench\":true}";

    private NoopTarget target;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        target = NoopTarget.start(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        target.close();
        http.close();
    }

    @Test
    void answersNoContentAndRecordsTheFirstArrivalOfEachJob() throws Exception {
        UUID job = UUID.randomUUID();
        long before = System.nanoTime();

        int status = deliver(target.url("e2e"), job.toString());

        assertThat(status).isEqualTo(204);
        Arrivals arrivals = target.arrivals("e2e");
        assertThat(arrivals.distinct()).isEqualTo(1);
        assertThat(arrivals.of(job).epochMicros()).isEqualTo(1_795_428_000_123_456L);
        assertThat(arrivals.of(job).nanoTime()).isBetween(before, System.nanoTime());
        assertThat(arrivals.firstNanos()).isEqualTo(arrivals.lastNanos());
    }

    @Test
    void countsARedeliveryAsDuplicateNotAsAnotherJob() throws Exception {
        UUID job = UUID.randomUUID();

        deliver(target.url("drain"), job.toString());
        deliver(target.url("drain"), job.toString());

        assertThat(target.arrivals("drain").distinct()).isEqualTo(1);
        assertThat(target.arrivals("drain").duplicates()).isEqualTo(1);
    }

    @Test
    void keepsRunsApartAndCountsRequestsThatNameNoJob() throws Exception {
        deliver(target.url("a"), UUID.randomUUID().toString());
        deliver(target.url("b"), "not-a-uuid");

        assertThat(target.arrivals("a").distinct()).isEqualTo(1);
        assertThat(target.arrivals("b").distinct()).isZero();
        assertThat(target.strays()).isEqualTo(1);
    }

    @Test
    void keepsTheConnectionOpenAndRecordsEveryRequestSentOnIt() throws Exception {
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            for (int i = 0; i < 5; i++) {
                connection.send(post("/noop/e2e", UUID.randomUUID()));

                assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            }
        }

        assertThat(target.arrivals("e2e").distinct()).isEqualTo(5);
        assertThat(target.strays()).isZero();
    }

    @Test
    void answersRequestsThatArriveTogetherOneAfterAnother() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send(post("/noop/e2e", first) + post("/noop/e2e", second));

            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
        }

        assertThat(target.arrivals("e2e").of(first)).isNotNull();
        assertThat(target.arrivals("e2e").of(second)).isNotNull();
    }

    @Test
    void discardsAContentLengthBodySoTheNextRequestOnTheConnectionIsRead() throws Exception {
        // A body that would be counted as a stray request if the target read it as one.
        String body = "GET /noop/e2e HTTP/1.1\r\n\r\n";
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send(
                    head("/noop/e2e", UUID.randomUUID()) + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            connection.send(post("/noop/e2e", UUID.randomUUID()));

            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
        }

        assertThat(target.arrivals("e2e").distinct()).isEqualTo(2);
        assertThat(target.strays()).isZero();
    }

    @Test
    void discardsAChunkedBodyWithExtensionsAndTrailersSoTheNextRequestOnTheConnectionIsRead() throws Exception {
        // Chunks that would be counted as a stray request if the target read them as one.
        String first = "GET /";
        String second = "noop/e2e HTTP/1.1\r\n\r\n";
        String chunked = "Transfer-Encoding: gzip, chunked\r\n\r\n"
                + Integer.toHexString(first.length()) + ";name=value\r\n" + first + "\r\n"
                + Integer.toHexString(second.length()) + " \r\n" + second + "\r\n"
                + "0\r\nChecksum: none\r\n\r\n";
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send(head("/noop/e2e", UUID.randomUUID()) + chunked);
            connection.send(post("/noop/e2e", UUID.randomUUID()));

            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
        }

        assertThat(target.arrivals("e2e").distinct()).isEqualTo(2);
        assertThat(target.strays()).isZero();
    }

    @Test
    void readsHeaderNamesWhateverTheirCase() throws Exception {
        UUID job = UUID.randomUUID();
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send("POST /noop/e2e HTTP/1.1\r\nfOREMAN-jOB-iD:  " + job + " \r\ncontent-LENGTH: "
                    + BODY.length() + "\r\n\r\n" + BODY);
            connection.send("POST /noop/e2e HTTP/1.1\r\nFOREMAN-JOB-ID: " + UUID.randomUUID()
                    + "\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            connection.send(
                    "GET /noop/e2e HTTP/1.1\r\nforeman-job-id: " + UUID.randomUUID() + "\r\nCONNECTION: CLOSE\r\n\r\n");

            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            assertThat(connection.readAnswer()).contains("Connection: close");
            assertThat(connection.endsHere()).isTrue();
        }

        assertThat(target.arrivals("e2e").of(job)).isNotNull();
        assertThat(target.arrivals("e2e").distinct()).isEqualTo(3);
    }

    @Test
    void countsRequestsThatNameNoJobOrNoRunAsStraysAndKeepsTheirConnection() throws Exception {
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send("POST /noop/e2e HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            connection.send(post("/noop/", UUID.randomUUID()));
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            connection.send(post("/noop/?run=e2e", UUID.randomUUID()));
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            connection.send(post("/elsewhere/e2e", UUID.randomUUID()));
            assertThat(connection.readAnswer()).startsWith("HTTP/1.1 404 ");
            connection.send(post("/noop/e2e?attempt=1", UUID.randomUUID()));
            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
        }

        assertThat(target.strays()).isEqualTo(4);
        assertThat(target.arrivals("e2e").distinct()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1\r\nConnection: keep-alive, close", "HTTP/1.0\r\nUser-Agent: old"})
    void closesTheConnectionAfterAnsweringARequestThatDoesNotKeepIt(String versionAndHeader) throws Exception {
        UUID job = UUID.randomUUID();
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send("POST /noop/e2e " + versionAndHeader + "\r\n" + NoopTarget.JOB_ID_HEADER + ": " + job
                    + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY);

            assertThat(connection.readAnswer()).isEqualTo("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            assertThat(connection.endsHere()).isTrue();
        }

        assertThat(target.arrivals("e2e").of(job)).isNotNull();
    }

    @Test
    void keepsAnHttp10ConnectionThatAsksToBeKept() throws Exception {
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            for (int i = 0; i < 2; i++) {
                connection.send("GET /noop/e2e HTTP/1.0\r\nConnection: Keep-Alive\r\n" + NoopTarget.JOB_ID_HEADER + ": "
                        + UUID.randomUUID() + "\r\n\r\n");

                assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            }
        }

        assertThat(target.arrivals("e2e").distinct()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HELLO\r\n\r\n",
                "POST /noop/e2e\r\n\r\n",
                "POST /noop/e2e HTTP/2.0\r\n\r\n",
                "POST /noop/e2e HTTP/1.1\r\nNo colon here\r\n\r\n",
                "POST /noop/e2e HTTP/1.1\r\nContent-Length : 5\r\n\r\nhello",
                "POST /noop/e2e HTTP/1.1\r\nContent-Length: five\r\n\r\nhello",
                "POST /noop/e2e HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                "POST /noop/e2e HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nhello",
                "POST /noop/e2e HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "POST /noop/e2e HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                "POST /noop/e2e HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello, too long\r\n0\r\n\r\n",
            })
    void answersAMalformedRequestWithBadRequestAndClosesTheConnection(String request) throws Exception {
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send(
                    request.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nForeman-Job-Id: " + UUID.randomUUID() + "\r\n"));

            assertThat(connection.readAnswer()).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(connection.endsHere()).isTrue();
        }

        assertThat(target.arrivals("e2e").distinct()).isZero();
        assertThat(target.strays()).isZero();
    }

    @Test
    void refusesAHeaderLineLongerThanItsBuffer() throws Exception {
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            connection.send(
                    "GET /noop/e2e HTTP/1.1\r\nX-Padding: " + "x".repeat(RequestReader.BUFFER_SIZE) + "\r\n\r\n");

            assertThat(connection.readAnswer()).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void takesTheArrivalTimeWhenTheHeadWasReadAndAnswersContinueBeforeTheBody() throws Exception {
        UUID job = UUID.randomUUID();
        long headSent;
        try (RawConnection connection = new RawConnection(target.url("e2e"))) {
            headSent = System.nanoTime();
            connection.send(
                    head("/noop/e2e", job) + "Expect: 100-continue\r\nContent-Length: " + BODY.length() + "\r\n\r\n");
            assertThat(connection.readAnswer()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            long bodySent = System.nanoTime();
            connection.send(BODY);

            assertThat(connection.readAnswer()).isEqualTo(NO_CONTENT);
            assertThat(target.arrivals("e2e").of(job).nanoTime()).isBetween(headSent, bodySent);
        }
    }

    @Test
    void closingTheTargetEndsItsOpenConnectionsAndStopsListening() throws Exception {
        URI url = target.url("e2e");
        try (RawConnection idle = new RawConnection(url);
                RawConnection busy = new RawConnection(url)) {
            idle.send(post("/noop/e2e", UUID.randomUUID()));
            assertThat(idle.readAnswer()).isEqualTo(NO_CONTENT);
            busy.send(post("/noop/e2e", UUID.randomUUID()));
            assertThat(busy.readAnswer()).isEqualTo(NO_CONTENT);
            // Half a request: its connection is blocked reading the rest.
            busy.send("POST /noop/e2e HTTP/1.1\r\n");

            target.close();

            assertThat(idle.endsHere()).isTrue();
            assertThat(busy.endsHere()).isTrue();
        }
        assertThatThrownBy(() -> new Socket(url.getHost(), url.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    private int deliver(URI url, String jobId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url)
                .header(NoopTarget.JOB_ID_HEADER, jobId)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String post(String path, UUID job) {
        return head(path, job) + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n"
                + BODY;
    }

    /** The request line and headers up to the framing, which the caller adds. */
    private static String head(String path, UUID job) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + NoopTarget.JOB_ID_HEADER + ": " + job + "\r\n";
    }
}
