package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.problem.ProblemWriter;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ConcurrencyLimitFilterTest {
    private static final ProblemWriter PROBLEMS =
            new ProblemWriter(JsonMapper.builder().build());
    /** A thread per held request: the common pool may have a single one on a small machine. */
    private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private final ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, 1.0, Duration.ofMillis(10), PROBLEMS);

    @Test
    void aRequestBeyondTheLimitIsRefusedAtOnceWithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = holdASlot(filter, request(null), release);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(request(null), refused, (req, res) -> {
            throw new AssertionError("a refused request must not reach the application");
        });

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"code\":\"overloaded\"");
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSlotIsFreedWhenTheRequestEndsEvenIfItFailed() throws Exception {
        try {
            filter.doFilter(request(null), new MockHttpServletResponse(), (req, res) -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // The application's failure is not the filter's business.
        }
        MockHttpServletResponse next = new MockHttpServletResponse();

        filter.doFilter(request(null), next, (req, res) -> ((MockHttpServletResponse) res).setStatus(200));

        assertThat(next.getStatus()).isEqualTo(200);
        assertThat(filter.inFlight()).isZero();
    }

    @Test
    void aTenantHoldingItsShareIsRefusedWhileAnotherTenantIsStillServed() throws Exception {
        ConcurrencyLimitFilter shared = new ConcurrencyLimitFilter(4, 0.5, Duration.ofMillis(10), PROBLEMS);
        UUID greedy = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(holdASlot(shared, request(greedy), release));
        }

        MockHttpServletResponse refused = new MockHttpServletResponse();
        shared.doFilter(request(greedy), refused, (req, res) -> {
            throw new AssertionError("a tenant past its share must not reach the application");
        });
        MockHttpServletResponse served = new MockHttpServletResponse();
        shared.doFilter(request(other), served, (req, res) -> ((MockHttpServletResponse) res).setStatus(202));

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString())
                .contains("\"code\":\"overloaded\"")
                .contains("its share");
        assertThat(served.getStatus()).isEqualTo(202);
        assertThat(shared.inFlight(greedy)).isEqualTo(2);
        assertThat(shared.inFlight()).isEqualTo(2);
        release.countDown();
        for (CompletableFuture<Void> request : held) {
            request.get(10, TimeUnit.SECONDS);
        }
        assertThat(shared.inFlight(greedy)).isZero();
        assertThat(shared.inFlight()).isZero();
    }

    @Test
    void aTenantRefusedForItsShareTakesNoSlotOfTheWhole() throws Exception {
        ConcurrencyLimitFilter shared = new ConcurrencyLimitFilter(2, 0.5, Duration.ofMillis(10), PROBLEMS);
        UUID greedy = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> held = holdASlot(shared, request(greedy), release);
        for (int i = 0; i < 5; i++) {
            shared.doFilter(request(greedy), new MockHttpServletResponse(), (req, res) -> {
                throw new AssertionError("a tenant past its share must not reach the application");
            });
        }

        MockHttpServletResponse served = new MockHttpServletResponse();
        shared.doFilter(
                request(UUID.randomUUID()), served, (req, res) -> ((MockHttpServletResponse) res).setStatus(202));

        assertThat(served.getStatus()).isEqualTo(202);
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTenantsShareIsRoundedDownButNeverBelowOneSlot() {
        assertThat(ConcurrencyLimitFilter.maxPerTenant(256, 0.5)).isEqualTo(128);
        assertThat(ConcurrencyLimitFilter.maxPerTenant(5, 0.5)).isEqualTo(2);
        assertThat(ConcurrencyLimitFilter.maxPerTenant(1, 0.5)).isEqualTo(1);
        assertThat(ConcurrencyLimitFilter.maxPerTenant(256, 0.001)).isEqualTo(1);
        assertThat(ConcurrencyLimitFilter.maxPerTenant(256, 1.0)).isEqualTo(256);
    }

    /** Starts a request that stays in the application until {@code release}; returns once it is inside. */
    private static CompletableFuture<Void> holdASlot(
            ConcurrencyLimitFilter filter, MockHttpServletRequest request, CountDownLatch release) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Void> held = CompletableFuture.runAsync(
                () -> {
                    try {
                        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
                            inside.countDown();
                            awaitQuietly(release);
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                THREADS);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    /** A submit, by a key of {@code tenant} (null: no principal, as before authentication). */
    private static MockHttpServletRequest request(UUID tenant) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/jobs");
        if (tenant != null) {
            request.setAttribute(
                    ApiKeyPrincipal.class.getName(), new ApiKeyPrincipal(UUID.randomUUID(), tenant, ApiKeyRole.MEMBER));
        }
        return request;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
