package dev.foreman.api.auth;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.DatabaseFailures;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.api.problem.ProblemWriter;
import dev.foreman.common.logs.LogContext;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <key>} and stores the key's principal on the request for
 * {@link CallerArgumentResolver}. A missing or unknown key answers 401 before anything else runs; a
 * key that cannot be looked up because the database is unavailable answers 503 {@code
 * database_unavailable}, never 401. The rest of the request logs with the key's tenant
 * ({@link LogContext}).
 */
final class ApiKeyFilter extends OncePerRequestFilter {
    static final String PRINCIPAL_ATTRIBUTE = ApiKeyPrincipal.class.getName();
    private static final String BEARER = "bearer ";
    private static final String KEY_UNCHECKED = "The API key could not be checked: the database is unavailable."
            + " Send the request again with the same key after the Retry-After seconds, with back-off.";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final ProblemWriter problems;
    private final LogContext logs;

    ApiKeyFilter(ApiKeyAuthenticator authenticator, ProblemWriter problems, LogContext logs) {
        this.logs = logs;
        this.authenticator = authenticator;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(request, response, "Bearer", "This request has no API key. ");
            return;
        }
        String key = header.substring(BEARER.length()).trim();
        Optional<ApiKeyPrincipal> principal;
        try {
            principal = key.isEmpty() ? Optional.empty() : authenticator.authenticate(key);
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unavailable(e)) {
                throw e;
            }
            // Not a 401: the key may well be valid, and a client that drops a rejected key would lose it.
            log.warn("Could not check an API key: the database is unavailable: {}", e.toString());
            problems.write(request, response, new ApiProblem(ProblemCode.DATABASE_UNAVAILABLE, KEY_UNCHECKED));
            return;
        }
        if (principal.isEmpty()) {
            reject(request, response, "Bearer error=\"invalid_token\"", "The API key is unknown or revoked. ");
            return;
        }
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal.get());
        try (LogContext.Scope tenantLogs = logs.tenant(principal.get().tenantId())) {
            chain.doFilter(request, response);
        }
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String challenge, String why)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        problems.write(
                request,
                response,
                new ApiProblem(ProblemCode.UNAUTHORIZED, why + ProblemCode.UNAUTHORIZED.defaultDetail()));
    }
}
