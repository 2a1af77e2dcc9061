package dev.foreman.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem straight to the servlet response, for failures found before Spring MVC runs
 * (authentication, body size) and for the container's error page.
 */
@Component
public class ProblemWriter {
    private final JsonMapper json;
    private final ProblemMeters meters;

    /** A writer whose answers are counted nowhere anyone reads (for tests outside Spring). */
    public ProblemWriter(JsonMapper json) {
        this(json, ProblemMeters.UNREAD);
    }

    @Autowired
    public ProblemWriter(JsonMapper json, ProblemMeters meters) {
        this.json = json;
        this.meters = meters;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException {
        meters.answered(problem.code());
        response.resetBuffer();
        response.setStatus(problem.code().status().value());
        problem.retryAfterSeconds()
                .ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem.toProblem(request.getRequestURI()));
    }
}
