package dev.foreman.bench.target;

import java.io.IOException;
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
    static final String PATH = "/noop/";

    private final Map<String, Arrivals> runs = new ConcurrentHashMap<>();
    private final LongAdder strays = new LongAdder();
    private final TargetServer server;

    private NoopTarget(Clock clock) throws IOException {
        // Connections may report deliveries before this constructor returns; they touch only
        // runs and strays, which are set by then.
        this.server = TargetServer.start(clock, this::delivered);
    }

    /**
     * Listens on a free port of 127.0.0.1. Its own HTTP/1.1 server rather than the JDK's {@code
     * HttpServer}, whose dispatcher thread spent about 125 µs of CPU per delivery re-registering
     * and polling over 1,024 kept-alive connections and building header maps: here each connection
     * blocks in a read on a virtual thread of its own, and a request is read from bytes with
     * nothing kept but its path and job id.
     */
    public static NoopTarget start(Clock clock) throws IOException {
        return new NoopTarget(clock);
    }

    /** The URL jobs of {@code run} should target. */
    public URI url(String run) {
        return URI.create("http://127.0.0.1:" + server.port() + PATH + run);
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

    private void delivered(String run, UUID job, int attempt, long nanoTime, Instant receivedAt) {
        if (job == null || run == null || run.isEmpty()) {
            strays.increment();
            return;
        }
        arrivals(run).record(job, nanoTime, ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt));
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() {
        server.close();
    }
}
