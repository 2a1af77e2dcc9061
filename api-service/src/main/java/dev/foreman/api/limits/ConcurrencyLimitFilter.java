package dev.foreman.api.limits;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the API requests in progress. With virtual threads nothing else does: under overload
 * every request would wait for a database connection while holding its socket and buffers, until
 * the heap ran out. Past the bound a request waits briefly for a slot, then answers
 * {@code 503 overloaded} with {@code Retry-After}, so clients back off and the service stays up.
 */
final class ConcurrencyLimitFilter extends OncePerRequestFilter {
    private final Semaphore slots;
    private final long waitNanos;
    private final ProblemWriter problems;

    ConcurrencyLimitFilter(int maxConcurrentRequests, Duration maxQueueWait, ProblemWriter problems) {
        this.slots = new Semaphore(maxConcurrentRequests);
        this.waitNanos = maxQueueWait.toNanos();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            // ProblemWriter sends OVERLOADED's Retry-After, as it does for every 503.
            problems.write(request, response, new ApiProblem(ProblemCode.OVERLOADED));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    /** Requests in progress now; for the gauge. */
    int inFlight(int maxConcurrentRequests) {
        return maxConcurrentRequests - slots.availablePermits();
    }
}
