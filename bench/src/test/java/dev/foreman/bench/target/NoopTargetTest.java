package dev.foreman.bench.target;

import static org.assertj.core.api.Assertions.assertThat;

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

class NoopTargetTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123456Z");

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

    private int deliver(URI url, String jobId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url)
                .header(NoopTarget.JOB_ID_HEADER, jobId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"bench\":true}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
