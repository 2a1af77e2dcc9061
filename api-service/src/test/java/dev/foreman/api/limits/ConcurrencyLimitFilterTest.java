package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.problem.ProblemWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ConcurrencyLimitFilterTest {
    private final ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(
            1, Duration.ofMillis(10), new ProblemWriter(JsonMapper.builder().build()));

    @Test
    void aRequestBeyondTheLimitIsRefusedAtOnceWithRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                filter.doFilter(request(), new MockHttpServletResponse(), (req, res) -> {
                    inside.countDown();
                    awaitQuietly(release);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(request(), refused, (req, res) -> {
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
            filter.doFilter(request(), new MockHttpServletResponse(), (req, res) -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // The application's failure is not the filter's business.
        }
        MockHttpServletResponse next = new MockHttpServletResponse();

        filter.doFilter(request(), next, (req, res) -> ((MockHttpServletResponse) res).setStatus(200));

        assertThat(next.getStatus()).isEqualTo(200);
        assertThat(filter.inFlight(1)).isZero();
    }

    private static MockHttpServletRequest request() {
        return new MockHttpServletRequest("POST", "/v1/jobs");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
