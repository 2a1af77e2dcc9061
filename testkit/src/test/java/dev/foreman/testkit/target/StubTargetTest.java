package dev.foreman.testkit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StubTargetTest {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final StubTarget target = StubTarget.start();

    @AfterEach
    void stop() {
        target.close();
        client.close();
    }

    @Test
    void answersOkByDefaultAndRecordsTheRequest() throws Exception {
        HttpResponse<String> response = post("/hook?x=1", "{\"user_id\":42}", "Foreman-Job-Id", "job-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(target.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/hook");
            assertThat(request.query()).isEqualTo("x=1");
            assertThat(request.body()).isEqualTo("{\"user_id\":42}");
            assertThat(request.headers()).containsEntry("foreman-job-id", "job-1");
            assertThat(request.header("Foreman-Job-Id")).isEqualTo("job-1");
            assertThat(request.jobId()).isEqualTo("job-1");
            assertThat(request.receivedAt()).isNotNull();
        });
    }

    @Test
    void failsTheFirstRequestsThenSucceeds() throws Exception {
        target.failTimes(2, 503, Map.of("Retry-After", "7"));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(post("/hook", "{}").statusCode());
        }

        assertThat(statuses).containsExactly(503, 503, 200, 200);
        assertThat(target.count()).isEqualTo(4);
    }

    @Test
    void sendsTheScriptedStatusHeadersAndBody() throws Exception {
        target.respondWith(429, Map.of("Retry-After", "3"));

        HttpResponse<String> response = post("/hook", "{}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("3");

        target.respondWith(201, Map.of("X-Custom", "yes"), "created");
        HttpResponse<String> second = post("/hook", "{}");
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo("created");
        assertThat(second.headers().firstValue("x-custom")).hasValue("yes");
    }

    @Test
    void answersNoContentWithoutABody() throws Exception {
        target.respondWith(204);

        HttpResponse<String> response = post("/hook", "{}");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersSlowlyWhenDelayed() throws Exception {
        target.delay(Duration.ofMillis(300));

        long started = System.nanoTime();
        HttpResponse<String> response = post("/hook", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void recordsARequestOnArrivalAndSurvivesAClientThatGaveUpWaiting() throws Exception {
        target.delay(Duration.ofSeconds(30));

        CompletableFuture<HttpResponse<String>> slow = postRecordedUnanswered("/slow");
        slow.cancel(true);

        target.delay(Duration.ZERO);
        assertThat(post("/after", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void holdsItsAnswersUntilToldToAnswerThenAnswersAtOnceAgain() throws Exception {
        target.holdAnswers();

        CompletableFuture<HttpResponse<String>> held = postRecordedUnanswered("/held");
        assertThat(held).isNotDone();

        target.answerHeld();
        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post("/after", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void failsAtRandomTheSameWayForTheSameSeed() throws Exception {
        List<Integer> first = statusesWithRandomFailures(42L);
        target.reset();
        List<Integer> second = statusesWithRandomFailures(42L);

        assertThat(first).isEqualTo(second).contains(500, 200);
    }

    private List<Integer> statusesWithRandomFailures(long seed) throws Exception {
        target.respondRandomly(0.5, 500, seed);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(post("/hook", "{}").statusCode());
        }
        return statuses;
    }

    @Test
    void countsDeliveriesPerJob() throws Exception {
        post("/hook", "{}", "Foreman-Job-Id", "a");
        post("/hook", "{}", "Foreman-Job-Id", "b");
        post("/hook", "{}", "Foreman-Job-Id", "a");

        assertThat(target.countFor("a")).isEqualTo(2);
        assertThat(target.countFor("b")).isEqualTo(1);
        assertThat(target.receivedFor("a")).extracting(ReceivedRequest::jobId).containsExactly("a", "a");
    }

    @Test
    void resetForgetsRequestsAndTheScript() throws Exception {
        target.respondWith(500).failTimes(3, 503).delay(Duration.ofSeconds(1));
        post("/hook", "{}");

        target.reset();

        assertThat(target.count()).isZero();
        assertThat(post("/hook", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void awaitCountFailsWithTheNumberReceived() throws Exception {
        post("/hook", "{}", "Foreman-Job-Id", "only-one");

        assertThatThrownBy(() -> target.awaitCount(2, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the stub target to receive 2 requests")
                .hasMessageContaining("it received 1")
                .hasMessageContaining("only-one");
    }

    @Test
    void recordsEveryRequestOfAConcurrentBurst() throws Exception {
        // Enough to interleave every step of recording; more only tests the 2-core machine's patience.
        int requests = 200;
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, requests)
                    .forEach(
                            i -> answers.add(senders.submit(() -> post("/burst", "{}", "Foreman-Job-Id", "job-" + i))));
        }
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }

        assertThat(target.awaitCount(requests, Duration.ofSeconds(20))).hasSize(requests);
        assertThat(target.received()).extracting(ReceivedRequest::jobId).doesNotHaveDuplicates();
    }

    @Test
    void buildsUrlsOnTheLoopbackAddress() {
        assertThat(target.url("/hook")).isEqualTo("http://127.0.0.1:" + target.port() + "/hook");
        assertThat(target.url("hook")).isEqualTo(target.url("/hook"));
        assertThat(target.baseUrl()).doesNotEndWith("/");
    }

    /**
     * Posts {@code {}} to {@code path} without waiting for the answer, and returns once the stub has
     * recorded it as its only request: the answer is then up to the test.
     */
    private CompletableFuture<HttpResponse<String>> postRecordedUnanswered(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        assertThat(target.awaitCount(1, Duration.ofSeconds(10)))
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo(path));
        return answer;
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url(path)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
