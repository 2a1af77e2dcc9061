package dev.foreman.testkit.target;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * A local HTTP server standing in for a job's target. It records every request and answers as
 * scripted: by default {@code 200 {"ok":true}}.
 *
 * <pre>{@code
 * try (StubTarget target = StubTarget.start()) {
 *     target.failTimes(2, 503);
 *     submit(aJob().targeting(target.url("/hook")).build());
 *     target.awaitCount(3, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Listens on 127.0.0.1 on a free port, one virtual thread per request, so it keeps up with
 * thousands of requests a second and with many slow ones at once. Thread-safe.
 */
public final class StubTarget implements AutoCloseable {
    private static final String JOB_ID_HEADER = "foreman-job-id";
    private static final int SUMMARY_SIZE = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock = Clock.systemUTC();
    private final ResponseScript script = new ResponseScript();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<ReceivedRequest> received = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    // Set while answers are held (holdAnswers): each request waits for it to open before answering.
    private volatile CountDownLatch held;

    private StubTarget(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static {
        // The JDK server closes idle keep-alive connections beyond 200 at once (its default). A worker
        // keeps up to max-in-flight connections to one target, and reuses a pooled one the server
        // has just closed: that attempt fails ("failed to respond") and is retried, since the worker
        // never resends a request the target may have read. Real targets keep their connections.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
    }

    /** Starts a stub on a free port of 127.0.0.1. Close it when done. */
    public static StubTarget start() {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // A deep accept backlog: load tests open many connections at once.
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            StubTarget target = new StubTarget(server, executor);
            server.setExecutor(executor);
            server.createContext("/", target::answer);
            server.start();
            return target;
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException("The stub target could not bind a port on 127.0.0.1", e);
        }
    }

    /** The absolute URL of {@code path} on this stub, e.g. {@code http://127.0.0.1:PORT/hook}. */
    public String url(String path) {
        return baseUrl() + (path.startsWith("/") ? path : "/" + path);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request received since start or the last {@link #reset()}, in arrival order. */
    public List<ReceivedRequest> received() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    /** The requests for one job, by their {@code Foreman-Job-Id} header, in arrival order. */
    public List<ReceivedRequest> receivedFor(String jobId) {
        return received().stream().filter(r -> jobId.equals(r.jobId())).toList();
    }

    public int count() {
        lock.lock();
        try {
            return received.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many requests carried {@code Foreman-Job-Id: jobId}: the deliveries of one job. */
    public int countFor(String jobId) {
        return receivedFor(jobId).size();
    }

    /**
     * Blocks until at least {@code count} requests have arrived and returns them all.
     *
     * @throws AssertionError if they did not arrive within {@code max}, saying how many did
     */
    public List<ReceivedRequest> awaitCount(int count, Duration max) {
        lock.lock();
        try {
            long remainingNanos = max.toNanos();
            while (received.size() < count) {
                if (remainingNanos <= 0) {
                    throw new AssertionError("Expected the stub target to receive " + count + " requests within " + max
                            + ", but it received " + received.size() + describeLatest());
                }
                remainingNanos = arrived.awaitNanos(remainingNanos);
            }
            return List.copyOf(received);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + count + " requests", e);
        } finally {
            lock.unlock();
        }
    }

    private String describeLatest() {
        if (received.isEmpty()) {
            return "";
        }
        return received.subList(Math.max(0, received.size() - SUMMARY_SIZE), received.size()).stream()
                .map(r -> r.method() + " " + r.path() + " (job " + r.jobId() + ")")
                .collect(Collectors.joining(", ", "; the latest: ", ""));
    }

    /** Forgets every request received and goes back to answering {@code 200 {"ok":true}} at once. */
    public void reset() {
        answerHeld();
        lock.lock();
        try {
            received.clear();
            script.reset();
        } finally {
            lock.unlock();
        }
    }

    /** Answers every later request (once scripted failures are used up) with this status and headers. */
    public StubTarget respondWith(int status, Map<String, String> headers) {
        script.respondWith(CannedResponse.of(status, headers));
        return this;
    }

    /** Like {@link #respondWith(int, Map)}, with this body. */
    public StubTarget respondWith(int status, Map<String, String> headers, String body) {
        script.respondWith(new CannedResponse(status, headers, body));
        return this;
    }

    public StubTarget respondWith(int status) {
        return respondWith(status, Map.of());
    }

    /** The next {@code times} requests answer {@code status}; later ones answer as before. */
    public StubTarget failTimes(int times, int status) {
        return failTimes(times, status, Map.of());
    }

    /** Like {@link #failTimes(int, int)}, with headers such as {@code Retry-After}. */
    public StubTarget failTimes(int times, int status, Map<String, String> headers) {
        script.failTimes(times, CannedResponse.of(status, headers));
        return this;
    }

    /** Waits this long before answering each request: a slow or hung target. */
    public StubTarget delay(Duration delay) {
        script.delay(Objects.requireNonNull(delay, "delay"));
        return this;
    }

    /**
     * Answers each request with {@code status} with probability {@code failureRate}, else as
     * before. The draws come from a {@link java.util.Random} seeded with {@code seed}, so a run
     * that sends requests in the same order sees the same failures.
     */
    public StubTarget respondRandomly(double failureRate, int status, long seed) {
        script.respondRandomly(failureRate, CannedResponse.of(status, Map.of()), seed);
        return this;
    }

    /**
     * Holds the answer to every later request until {@link #answerHeld()}: a target that answers
     * exactly when the test lets it, rather than after a delay. Requests are still recorded on arrival.
     */
    public StubTarget holdAnswers() {
        lock.lock();
        try {
            if (held == null) {
                held = new CountDownLatch(1);
            }
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Sends the answers held since {@link #holdAnswers()}, and answers later requests at once again. */
    public void answerHeld() {
        CountDownLatch gate;
        lock.lock();
        try {
            gate = held;
            held = null;
        } finally {
            lock.unlock();
        }
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The most requests this stub was answering at once (from reading a request to answering it). */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    private void answer(HttpExchange exchange) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            record(exchange, body);
            CountDownLatch gate = held;
            if (gate != null) {
                gate.await();
            }
            ResponseScript.Reply reply = script.next();
            if (!reply.delay().isZero()) {
                // Simulating a slow target is the point here; the worker's timeout should fire first.
                Thread.sleep(reply.delay());
            }
            send(exchange, reply.response());
        } catch (IOException e) {
            // The client hung up, typically because its timeout fired while the stub was slow.
        } catch (InterruptedException e) {
            // The stub is closing (during a delay or a hold): leave the request unanswered.
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void record(HttpExchange exchange, byte[] body) {
        ReceivedRequest request = new ReceivedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                lowerCaseNames(exchange.getRequestHeaders()),
                new String(body, StandardCharsets.UTF_8),
                clock.instant(),
                exchange.getRequestURI().getRawQuery());
        lock.lock();
        try {
            received.add(request);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static Map<String, String> lowerCaseNames(Headers headers) {
        Map<String, String> names = new HashMap<>();
        headers.forEach((name, values) ->
                names.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b));
        return names;
    }

    private static void send(HttpExchange exchange, CannedResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        response.headers().forEach(headers::set);
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        boolean bodyless = body.length == 0
                || response.status() == 204
                || response.status() == 304
                || response.status() < 200
                || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), bodyless ? -1 : body.length);
        if (!bodyless) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Stops listening; requests still waiting out a delay are dropped unanswered. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
