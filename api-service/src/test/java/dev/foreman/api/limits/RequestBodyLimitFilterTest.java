package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.problem.ProblemWriter;
import jakarta.servlet.ServletRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class RequestBodyLimitFilterTest {
    private static final int LIMIT = 16;

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(
            LIMIT, new ProblemWriter(JsonMapper.builder().build()));
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final MockFilterChain chain = new MockFilterChain();

    @Test
    void refusesADeclaredLengthOverTheLimitWithoutReadingIt() throws Exception {
        MockHttpServletRequest request = post(new byte[LIMIT + 1]);

        filter.doFilter(request, response, chain);

        assertPayloadTooLarge();
    }

    @Test
    void refusesAChunkedBodyThatGrowsOverTheLimit() throws Exception {
        MockHttpServletRequest request = chunked(new byte[LIMIT + 1]);

        filter.doFilter(request, response, chain);

        assertPayloadTooLarge();
    }

    @Test
    void handsOnAChunkedBodyWithinTheLimitUnchanged() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        filter.doFilter(chunked(body), response, chain);

        ServletRequest passed = chain.getRequest();
        assertThat(passed).isNotNull();
        assertThat(passed.getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(passed.getContentLengthLong()).isEqualTo(body.length);
    }

    @Test
    void letsABodyOfExactlyTheLimitThrough() throws Exception {
        filter.doFilter(post(new byte[LIMIT]), response, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void leavesRequestsWithoutABodyAlone() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/jobs");

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }

    private void assertPayloadTooLarge() throws Exception {
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"payload_too_large\"");
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/jobs");
        request.setContent(body);
        return request;
    }

    /** A body of unknown length: no Content-Length, Transfer-Encoding chunked. */
    private static MockHttpServletRequest chunked(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/jobs") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(body);
        request.addHeader("Transfer-Encoding", "chunked");
        return request;
    }
}
