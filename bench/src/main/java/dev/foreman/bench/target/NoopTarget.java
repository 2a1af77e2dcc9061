package dev.foreman.bench.target;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The job target of every scenario: a local HTTP server that answers {@code 204} at once and
 * notes when each job arrived. It must cost as little as possible, because it shares the machine's
 * cores with the stack it measures; anything slower would show up as Foreman's latency.
 *
 * <p>Each scenario gets its own path, {@code /noop/<run>}, and its own {@link Arrivals}.
 */
public final class NoopTarget implements AutoCloseable {
    static final String JOB_ID_HEADER = "Foreman-Job-Id";
    private static final String PATH = "/noop/";
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final Clock clock;
    private final Map<String, Arrivals> runs = new ConcurrentHashMap<>();
    private final LongAdder strays = new LongAdder();

    private NoopTarget(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /**
     * Listens on a free port of 127.0.0.1. Requests are answered on the server's own dispatcher
     * thread (no executor): the answer never waits on anything, so handing each request to another
     * thread would only add a thread start and a wake-up per delivery to the bench's CPU. The
     * worker sends each request whole, so the dispatcher does not wait on a slow body either.
     */
    public static NoopTarget start(Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        NoopTarget target = new NoopTarget(server, clock);
        server.createContext(PATH, target::answer);
        server.start();
        return target;
    }

    /** The URL jobs of {@code run} should target. */
    public URI url(String run) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH + run);
    }

    /** What {@code run} has received so far. */
    public Arrivals arrivals(String run) {
        return runs.computeIfAbsent(run, name -> new Arrivals());
    }

    /** Drops what {@code run} received, to keep the bench's memory flat across scenarios. */
    public void forget(String run) {
        runs.remove(run);
    }

    /** Requests that named no job or no run; a non-zero count means something is misrouted. */
    public long strays() {
        return strays.sum();
    }

    private void answer(HttpExchange exchange) throws IOException {
        long nanoTime = System.nanoTime();
        Instant now = clock.instant();
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            // Read the body to its end so the connection can be reused for the next job.
            body.transferTo(OutputStream.nullOutputStream());
            String jobId = exchange.getRequestHeaders().getFirst(JOB_ID_HEADER);
            String run = exchange.getRequestURI().getPath().substring(PATH.length());
            UUID job = parse(jobId);
            if (job == null || run.isEmpty()) {
                strays.increment();
            } else {
                arrivals(run).record(job, nanoTime, ChronoUnit.MICROS.between(Instant.EPOCH, now));
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static UUID parse(String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
