package dev.foreman.worker.dispatch;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.target.AddressRange;
import dev.foreman.common.target.TargetAddressPolicy;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.StubTarget;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.WorkerPropertiesFixtures;
import dev.foreman.worker.dispatch.DispatchResult.Answered;
import dev.foreman.worker.dispatch.DispatchResult.Failed;
import dev.foreman.worker.dispatch.DispatchResult.Failure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher against a real HTTP server on loopback: answers, slow and absent targets, aborts. */
class HttpDispatcherIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Clock clock = Clock.systemUTC();
    private final HttpDispatcher dispatcher = new HttpDispatcher(defaults(), clock, devMode(HostResolver.SYSTEM));
    private final StubTarget target = StubTarget.start();

    @AfterEach
    void close() {
        target.close();
        dispatcher.close();
    }

    @Test
    void returnsTheTargetsStatusBodyAndRetryAfterOverReusedConnections() {
        target.respondWith(503, Map.of("Retry-After", "7"), "busy");

        for (int i = 0; i < 3; i++) {
            DispatchResult result = dispatcher.dispatch(job(target.url("/hook"), Duration.ofSeconds(5)), null);

            assertThat(result).isInstanceOfSatisfying(Answered.class, answered -> {
                assertThat(answered.status()).isEqualTo(503);
                assertThat(answered.body()).isEqualTo("busy");
                assertThat(answered.retryAfter()).isEqualTo("7");
            });
        }
        assertThat(target.count()).isEqualTo(3);
    }

    @Test
    void sendsARequestOnlyOnceWhenThePooledConnectionClosesAfterTheTargetReadIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            // The target reads the second request on the pooled connection, then hangs up without an
            // answer: it may have acted on it, so sending it again on a new connection would be a
            // second delivery inside one attempt. Foreman's retry, with back-off, decides about that.
            AtomicInteger requests = new AtomicInteger();
            Thread serving = Thread.ofVirtual().start(() -> {
                try (Socket pooled = server.accept()) {
                    readRequest(pooled);
                    answerKeepingAlive(pooled);
                    readRequest(pooled);
                    requests.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
                hangUpAfterEachRequest(server, requests);
            });
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/hook";

            DispatchResult first = dispatcher.dispatch(job(url, Duration.ofSeconds(5)), null);
            DispatchResult second = dispatcher.dispatch(job(url, Duration.ofSeconds(5)), null);

            assertThat(first).isInstanceOf(Answered.class);
            assertThat(second)
                    .isInstanceOfSatisfying(
                            Failed.class, failed -> assertThat(failed.failure()).isEqualTo(Failure.NETWORK));
            assertThat(requests).hasValue(1);
            server.close();
            serving.join(PATIENCE);
        }
    }

    @Test
    void sendsARequestAgainWhenTheTargetResetThePooledConnectionBeforeAnyByteWasWritten() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            // Answers, keep-alive promised, then aborts the connection (a reset instead of a close); the
            // next request goes out only once the reset is in, so its write fails before any byte left.
            CountDownLatch reset = new CountDownLatch(1);
            Thread serving = Thread.ofVirtual().start(() -> {
                try (Socket pooled = server.accept()) {
                    readRequest(pooled);
                    answerKeepingAlive(pooled);
                    pooled.setSoLinger(true, 0);
                } catch (IOException e) {
                    return;
                } finally {
                    reset.countDown();
                }
                answerOncePerConnection(server, 1);
            });
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/hook";

            DispatchResult first = dispatcher.dispatch(job(url, Duration.ofSeconds(5)), null);
            assertThat(reset.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            DispatchResult second = dispatcher.dispatch(job(url, Duration.ofSeconds(5)), null);

            assertThat(first).isInstanceOf(Answered.class);
            assertThat(second)
                    .isInstanceOfSatisfying(
                            Answered.class,
                            answered -> assertThat(answered.status()).isEqualTo(204));
            serving.join(PATIENCE);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is the point; a socket that is already gone is closed enough.
        }
    }

    @Test
    void sendsARequestOnlyOnceWhenATargetHangsUpOnAFreshConnectionWithoutAnswering() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            // Reads every request in full, then hangs up without answering: the target got the job,
            // and whatever it did with it, sending it again now would be a second delivery that no
            // attempt records. Foreman's retry, with back-off, decides about that.
            AtomicInteger requests = new AtomicInteger();
            Thread serving = Thread.ofVirtual().start(() -> hangUpAfterEachRequest(server, requests));
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/hook";

            DispatchResult result = dispatcher.dispatch(job(url, Duration.ofSeconds(5)), null);

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Failed.class, failed -> assertThat(failed.failure()).isEqualTo(Failure.NETWORK));
            assertThat(requests).hasValue(1);
            server.close();
            serving.join(PATIENCE);
        }
    }

    private static void hangUpAfterEachRequest(ServerSocket server, AtomicInteger requests) {
        while (true) {
            try (Socket socket = server.accept()) {
                readRequest(socket);
                requests.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answerOncePerConnection(ServerSocket server, int connections) {
        for (int i = 0; i < connections; i++) {
            try (Socket socket = server.accept()) {
                readRequest(socket);
                answerKeepingAlive(socket);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Test
    void keepsOnlyTheFirstFourKibibytesOfALongAnswer() {
        target.respondWith(200, Map.of(), "x".repeat(1_000_000));

        DispatchResult result = dispatcher.dispatch(job(target.url("/hook"), Duration.ofSeconds(5)), null);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Answered.class,
                        answered -> assertThat(answered.body()).hasSize(HttpDispatcher.RESPONSE_BODY_LIMIT));
        // The cut-off connection is not reused for the next request.
        assertThat(dispatcher.dispatch(job(target.url("/hook"), Duration.ofSeconds(5)), null))
                .isInstanceOf(Answered.class);
    }

    @Test
    void timesOutATargetSlowerThanTheJobsTimeout() {
        target.delay(Duration.ofSeconds(10));

        DispatchResult result = dispatcher.dispatch(job(target.url("/hook"), Duration.ofMillis(300)), null);

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(Failure.TIMED_OUT);
            assertThat(failed.error()).isEqualTo("timed out after 300ms");
            assertThat(failed.duration()).isLessThan(Duration.ofSeconds(5));
        });
    }

    @Test
    void reportsATargetThatRefusesTheConnectionAsANetworkFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DispatchResult result =
                dispatcher.dispatch(job("http://127.0.0.1:" + closedPort + "/hook", Duration.ofSeconds(5)), null);

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(Failure.NETWORK);
            assertThat(failed.error()).isEqualTo("connect refused by 127.0.0.1:" + closedPort);
        });
    }

    @Test
    void refusesATargetThatIsNotHttpAsInvalid() {
        DispatchResult result = dispatcher.dispatch(job("ftp://127.0.0.1/hook", Duration.ofSeconds(5)), null);

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(Failure.INVALID_TARGET);
            assertThat(failed.error()).startsWith("invalid target: ");
        });
    }

    private static void answerKeepingAlive(Socket socket) throws IOException {
        socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n".getBytes(US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads one request's head and body from the socket. */
    private static void readRequest(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
        int contentLength = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.skip(contentLength);
    }

    @Test
    void endsTheRequestAtOnceWhenItsThreadIsInterrupted() throws Exception {
        target.delay(Duration.ofSeconds(20));
        CompletableFuture<Thread> dispatching = new CompletableFuture<>();
        CompletableFuture<DispatchResult> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            dispatching.complete(Thread.currentThread());
            result.complete(dispatcher.dispatch(job(target.url("/hook"), Duration.ofSeconds(30)), null));
        });
        target.awaitCount(1, PATIENCE);

        dispatching.get().interrupt();

        assertThat(result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(Failure.NETWORK);
            assertThat(failed.duration()).isLessThan(Duration.ofSeconds(15));
        });
    }

    @Test
    void answersARedirectAsTheTargetsAnswerWithoutFollowingIt() {
        try (StubTarget elsewhere = StubTarget.start()) {
            target.respondWith(302, Map.of("Location", elsewhere.url("/metadata")));

            DispatchResult result = dispatcher.dispatch(job(target.url("/hook"), Duration.ofSeconds(5)), null);

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Answered.class,
                            answered -> assertThat(answered.status()).isEqualTo(302));
            assertThat(target.count()).isEqualTo(1);
            assertThat(elsewhere.count()).isZero();
        }
    }

    @Test
    void refusesAHostNameThatResolvesToLoopbackWhenDevModeIsOff() {
        try (HttpDispatcher strict = new HttpDispatcher(defaults(), clock, guard(false, List.of(), "localhost"))) {
            DispatchResult result = strict.dispatch(
                    job(target.url("/hook").replace("127.0.0.1", "localhost"), Duration.ofSeconds(5)), null);

            assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.failure()).isEqualTo(Failure.INVALID_TARGET);
                assertThat(failed.error())
                        .startsWith("target not allowed: 127.0.0.1 is loopback (localhost resolves to it)");
            });
        }
        assertThat(target.count()).isZero();
    }

    @Test
    void refusesALiteralLoopbackAddressWhenDevModeIsOff() {
        try (HttpDispatcher strict = new HttpDispatcher(defaults(), clock, guard(false, List.of(), "unused"))) {
            DispatchResult result = strict.dispatch(job(target.url("/hook"), Duration.ofSeconds(5)), null);

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Failed.class,
                            failed ->
                                    assertThat(failed.error()).startsWith("target not allowed: 127.0.0.1 is loopback"));
        }
        assertThat(target.count()).isZero();
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsRefused() {
        HostResolver mixed = host -> new InetAddress[] {
            InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}),
            InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})
        };
        GuardedDnsResolver guard = new GuardedDnsResolver(
                TargetAddressPolicy.strict(), mixed, new SimpleMeterRegistry().counter("refused"));

        assertThatThrownBy(() -> guard.resolve("mixed.test")).isInstanceOf(TargetRefusedException.class);
    }

    @Test
    void deliversANameToTheAllowedAddressItWasCheckedAt() {
        // Dev mode off, 127.0.0.1 allowed explicitly: the name is delivered, over a connection to the
        // address the guard returned (the name itself exists nowhere else).
        var allowed = List.of(AddressRange.parse("127.0.0.1/32"));
        try (HttpDispatcher pinned = new HttpDispatcher(defaults(), clock, guard(false, allowed, "svc.test"))) {
            DispatchResult result =
                    pinned.dispatch(job("http://svc.test:" + target.port() + "/hook", Duration.ofSeconds(5)), null);

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Answered.class,
                            answered -> assertThat(answered.status()).isEqualTo(200));
        }
        assertThat(target.received())
                .singleElement()
                .satisfies(request -> assertThat(request.header("Host")).isEqualTo("svc.test:" + target.port()));
    }

    /** A guard whose resolver answers 127.0.0.1 for {@code name} and refuses to look anything else up. */
    private static GuardedDnsResolver guard(boolean allowPrivate, List<AddressRange> allow, String name) {
        HostResolver resolver = host -> {
            if (host.equals(name)) {
                return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
            }
            if (host.equals("127.0.0.1")) {
                return new InetAddress[] {InetAddress.getByAddress(new byte[] {127, 0, 0, 1})};
            }
            throw new UnknownHostException(host);
        };
        return new GuardedDnsResolver(
                new TargetAddressPolicy(allowPrivate, allow), resolver, new SimpleMeterRegistry().counter("refused"));
    }

    private static GuardedDnsResolver devMode(HostResolver resolver) {
        return new GuardedDnsResolver(
                new TargetAddressPolicy(true, List.of()), resolver, new SimpleMeterRegistry().counter("refused"));
    }

    private static WorkerProperties defaults() {
        return WorkerPropertiesFixtures.smallWorker("it");
    }

    private static ClaimedJob job(String url, Duration timeout) {
        ValidatedJob job = Jobs.aJob()
                .inQueue("emails")
                .ofType("send_welcome")
                .targeting(url)
                .withHeader("X-Team", "growth")
                .withHeader("Content-Length", "999")
                .withPayload("{\"user_id\":42}")
                .withTimeout(timeout)
                .withRetry(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 16, null))
                .build();
        return new ClaimedJob(Jobs.stored(job, JobState.RUNNING, 1, Instant.now(), "worker-1"), "s".repeat(32));
    }
}
