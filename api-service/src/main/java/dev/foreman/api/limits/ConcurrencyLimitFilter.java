package dev.foreman.api.limits;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.problem.ProblemWriter;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the API requests in progress, in all and per tenant. With virtual threads nothing else
 * does: under overload every request would wait for a database connection while holding its socket
 * and buffers, until the heap ran out. Past a bound a request waits briefly for a slot, then
 * answers {@code 503 overloaded} with {@code Retry-After}, so clients back off and the service stays
 * up.
 *
 * <p>A slot is taken before the body is read, so a client sending its body slowly holds one the
 * whole time. One tenant may therefore hold at most its share of the slots: its slow bodies, or a
 * burst of its own, leave the rest to every other tenant. Runs after authentication, which names
 * the tenant; a request without a principal (none reaches here on {@code /v1}) takes a slot only.
 */
final class ConcurrencyLimitFilter extends OncePerRequestFilter {
    // Set by the authentication filter (dev.foreman.api.auth), which runs before this one.
    private static final String PRINCIPAL_ATTRIBUTE = ApiKeyPrincipal.class.getName();

    private final int maxConcurrentRequests;
    private final int maxPerTenant;
    private final Semaphore slots;
    private final long waitNanos;
    private final ProblemWriter problems;

    /**
     * One semaphore per tenant that has sent a request to this replica. Only authenticated tenants
     * get one, so the map is bounded by the tenants in the database; a semaphore is a few bytes.
     */
    private final Map<UUID, Semaphore> tenantSlots = new ConcurrentHashMap<>();

    /**
     * @param maxTenantShare the fraction of {@code maxConcurrentRequests} one tenant may hold, above 0
     *     and at most 1; at least one slot whatever the fraction
     */
    ConcurrencyLimitFilter(
            int maxConcurrentRequests, double maxTenantShare, Duration maxQueueWait, ProblemWriter problems) {
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.maxPerTenant = maxPerTenant(maxConcurrentRequests, maxTenantShare);
        this.slots = new Semaphore(maxConcurrentRequests);
        this.waitNanos = maxQueueWait.toNanos();
        this.problems = problems;
    }

    /** The slots one tenant may hold: its share of the whole, rounded down, at least one. */
    static int maxPerTenant(int maxConcurrentRequests, double maxTenantShare) {
        return Math.max(1, Math.min(maxConcurrentRequests, (int) Math.floor(maxConcurrentRequests * maxTenantShare)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long deadline = System.nanoTime() + waitNanos;
        Semaphore tenant = request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof ApiKeyPrincipal caller
                ? tenantSlots.computeIfAbsent(caller.tenantId(), id -> new Semaphore(maxPerTenant))
                : null;
        if (tenant != null && !acquire(tenant, deadline)) {
            problems.write(request, response, new ApiProblem(ProblemCode.OVERLOADED, tenantAtItsShare()));
            return;
        }
        try {
            if (!acquire(slots, deadline)) {
                // ProblemWriter sends OVERLOADED's Retry-After, as it does for every 503.
                problems.write(request, response, new ApiProblem(ProblemCode.OVERLOADED));
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                slots.release();
            }
        } finally {
            if (tenant != null) {
                tenant.release();
            }
        }
    }

    private static boolean acquire(Semaphore semaphore, long deadline) {
        if (semaphore.tryAcquire()) {
            return true;
        }
        try {
            return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tenantAtItsShare() {
        return "This tenant already has " + maxPerTenant + " requests in progress on this API replica, its share"
                + " of the " + maxConcurrentRequests + " the replica serves at once; nothing was written. Retry"
                + " after the Retry-After seconds, with back-off, and send request bodies without pauses.";
    }

    /** Requests in progress now; for the gauge. */
    int inFlight() {
        return maxConcurrentRequests - slots.availablePermits();
    }

    /** Requests of the tenant in progress now. */
    int inFlight(UUID tenantId) {
        Semaphore tenant = tenantSlots.get(tenantId);
        return tenant == null ? 0 : maxPerTenant - tenant.availablePermits();
    }
}
