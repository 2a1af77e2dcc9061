package dev.foreman.api.limits;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.problem.ProblemWriter;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The per-key rate limit (DESIGN §3.1), after authentication: {@code requests_per_second} of the
 * key's tenant, a one-second sliding window in Redis shared by every replica. Every answer it lets
 * through carries the IETF {@code RateLimit-Policy} and {@code RateLimit} fields
 * (draft-ietf-httpapi-ratelimit-headers); past the limit it answers {@code 429 rate_limited} with
 * {@code Retry-After}. Redis down: the request goes on (fail open) without the {@code RateLimit}
 * field, since nothing is known of the window.
 */
final class RateLimitFilter extends OncePerRequestFilter {
    // Set by the authentication filter (dev.foreman.api.auth), which runs before this one.
    private static final String PRINCIPAL_ATTRIBUTE = ApiKeyPrincipal.class.getName();
    private static final long WINDOW_MILLIS = 1000;
    static final String POLICY = "default";

    private final LocalAllowances redis;
    private final TenantLimits tenants;
    private final ProblemWriter problems;
    private final Counter refused;

    RateLimitFilter(LocalAllowances redis, TenantLimits tenants, ProblemWriter problems, Counter refused) {
        this.redis = redis;
        this.tenants = tenants;
        this.problems = problems;
        this.refused = refused;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof ApiKeyPrincipal caller)) {
            chain.doFilter(request, response);
            return;
        }
        SlidingWindow window = new SlidingWindow(tenants.requestsPerSecond(caller.tenantId()), WINDOW_MILLIS);
        response.setHeader("RateLimit-Policy", "\"" + POLICY + "\";q=" + window.limit() + ";w=1");
        Optional<SlidingWindow.Decision> decision = redis.countRequest(caller.keyId(), window);
        if (decision.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        SlidingWindow.Decision d = decision.get();
        response.setHeader("RateLimit", "\"" + POLICY + "\";r=" + d.remaining() + ";t=" + d.resetSeconds());
        if (!d.allowed()) {
            refused.increment();
            problems.write(
                    request,
                    response,
                    ApiProblem.retryAfter(
                            ProblemCode.RATE_LIMITED,
                            "This API key may send " + window.limit() + " requests per second; it sent more in the"
                                    + " last second. Retry after " + d.retryAfterSeconds() + " s and send slower.",
                            d.retryAfterSeconds()));
            return;
        }
        chain.doFilter(request, response);
    }
}
