package dev.foreman.api.problem;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tomcat's own answer to a request it refused before any servlet saw it (a NUL or a malformed
 * escape in the path, a query string that is not UTF-8, a header too large): the problem+json of
 * docs/errors.md ({@code bad_request}, or the code of the status) instead of Tomcat's HTML page.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemCode code = codeFor(status);
        ObjectNode problem = JSON.createObjectNode()
                .put("type", code.typeUri())
                .put("title", code.title())
                .put("status", status)
                .put("detail", code.defaultDetail())
                .put("code", code.wireName());
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response already committed: nothing more to tell.
            if (e instanceof IOException io && container.getLogger().isDebugEnabled()) {
                container.getLogger().debug("problem answer not written", new UncheckedIOException(io));
            }
        }
    }

    static ProblemCode codeFor(int status) {
        return switch (status) {
            case 401 -> ProblemCode.UNAUTHORIZED;
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 503 -> ProblemCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.BAD_REQUEST;
        };
    }
}
