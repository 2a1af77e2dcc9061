package dev.foreman.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every exception that leaves a controller into a problem+json response with its code. */
// Only Foreman's own controllers: actuator endpoints (e.g. a scrape the client dropped) keep
// Spring's handling, since a problem body cannot be written in their content types.
@RestControllerAdvice(basePackages = "dev.foreman.api")
class ProblemAdvice {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final ProblemMeters meters;

    ProblemAdvice(ProblemMeters meters) {
        this.meters = meters;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Problem> apiProblem(ApiProblem problem, HttpServletRequest request) {
        return respond(problem, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        return respond(JsonProblems.fromUnreadableBody(e), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String sent = e.getContentType() == null ? "no Content-Type" : "Content-Type " + e.getContentType();
        return respond(
                new ApiProblem(
                        ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                        "The body was sent with " + sent + ". Send it with 'Content-Type: application/json'."),
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Problem> notAcceptable(HttpServletRequest request) {
        return respond(new ApiProblem(ProblemCode.NOT_ACCEPTABLE), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Problem> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String allowed = e.getSupportedHttpMethods() == null
                ? ""
                : e.getSupportedHttpMethods().stream().map(Object::toString).collect(Collectors.joining(", "));
        ApiProblem problem = new ApiProblem(
                ProblemCode.METHOD_NOT_ALLOWED,
                request.getMethod() + " is not allowed on this path; use "
                        + (allowed.isEmpty() ? "another method" : allowed) + ".");
        meters.answered(problem.code());
        return ResponseEntity.status(problem.code().status())
                .header(HttpHeaders.ALLOW, allowed)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem.toProblem(request.getRequestURI()));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Problem> noSuchPath(HttpServletRequest request) {
        return respond(
                new ApiProblem(ProblemCode.NOT_FOUND, "There is no " + request.getRequestURI() + "; check the path."),
                request);
    }

    /** A query string that is not UTF-8 once percent-decoded: Tomcat refuses to read its parameters. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Problem> undecodableParameters(HttpServletRequest request) {
        return respond(
                new ApiProblem(
                        ProblemCode.INVALID_PARAMETER,
                        "The query string could not be decoded. Percent-encode each parameter's UTF-8 bytes,"
                                + " like queue=%C3%BC for 'ü'."),
                request);
    }

    /**
     * Spring refuses to read a body sent with a wildcard Content-Type ({@code application/*}) with an
     * IllegalArgumentException; any other one is unexpected.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Problem> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        if (e instanceof NumberFormatException && JsonProblems.thrownByTheJsonReader(e)) {
            // Jackson refuses a number whose exponent is past what BigDecimal holds (1e-2147483648)
            // with a NumberFormatException rather than one of its own, so Spring does not see an
            // unreadable body in it.
            return respond(
                    new ApiProblem(
                            ProblemCode.MALFORMED_JSON,
                            "The body has a number the JSON reader cannot hold: its exponent is too large or too small."
                                    + " Send numbers with exponents of a few digits, or as strings."),
                    request);
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.contains("*")) {
            return respond(
                    new ApiProblem(
                            ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                            "The body was sent with Content-Type " + contentType
                                    + ", a wildcard. Send it with 'Content-Type: application/json'."),
                    request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Problem> badParameter(Exception e, HttpServletRequest request) {
        String name = e instanceof MissingServletRequestParameterException missing
                ? missing.getParameterName()
                : ((MethodArgumentTypeMismatchException) e).getName();
        return respond(
                new ApiProblem(
                        ProblemCode.INVALID_PARAMETER,
                        ProblemCode.INVALID_PARAMETER.defaultDetail(),
                        List.of(new InvalidField(name, "is missing or has the wrong format"))),
                request);
    }

    /**
     * Everything not handled above. A failure of the database itself (down, unreachable, a statement
     * past its time limit) is {@code 503 database_unavailable}, never a 500, however the code around
     * it wrapped it: see {@link DatabaseFailures}.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseFailures.unavailable(e)) {
            // One line per refused request, no stack trace: during an outage every request fails alike.
            log.warn(
                    "{} {} failed: the database is unavailable: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.toString());
            return respond(new ApiProblem(ProblemCode.DATABASE_UNAVAILABLE), request);
        }
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return respond(new ApiProblem(ProblemCode.INTERNAL_ERROR), request);
    }

    private ResponseEntity<Problem> respond(ApiProblem problem, HttpServletRequest request) {
        meters.answered(problem.code());
        return problem.toResponse(request.getRequestURI());
    }

    /** Reads Jackson's failure to tell malformed JSON, unknown fields and wrong types apart. */
    static final class JsonProblems {
        private JsonProblems() {}

        static ApiProblem fromUnreadableBody(HttpMessageNotReadableException e) {
            JacksonException cause = jacksonCause(e);
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return new ApiProblem(
                        ProblemCode.UNKNOWN_FIELD,
                        "The body has a field the API does not know: " + path(unknown) + ". "
                                + ProblemCode.UNKNOWN_FIELD.defaultDetail(),
                        List.of(new InvalidField(path(unknown), "is not a known field")));
            }
            if (cause instanceof MismatchedInputException || cause instanceof InputCoercionException) {
                String field = path(cause);
                if (!field.isEmpty()) {
                    return new ApiProblem(
                            ProblemCode.WRONG_TYPE,
                            "The field " + field + " has the wrong JSON type. "
                                    + ProblemCode.WRONG_TYPE.defaultDetail(),
                            List.of(new InvalidField(field, "has the wrong JSON type")));
                }
                return new ApiProblem(
                        ProblemCode.WRONG_TYPE,
                        "The body must be a JSON object. " + ProblemCode.WRONG_TYPE.defaultDetail());
            }
            if (cause instanceof StreamConstraintsException) {
                // Jackson's own message names its configuration classes, which tell a caller nothing.
                // The API reads with Jackson's default constraints.
                return new ApiProblem(
                        ProblemCode.MALFORMED_JSON,
                        "The body is over a limit of the JSON reader: numbers of at most "
                                + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " characters, at most "
                                + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels of nesting, names of at most "
                                + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters. Send large numbers as"
                                + " strings and flatten deep structures.");
            }
            if (cause instanceof StreamReadException) {
                return new ApiProblem(
                        ProblemCode.MALFORMED_JSON,
                        "The body is not valid JSON: " + cause.getOriginalMessage()
                                + ". Send a well-formed JSON object.");
            }
            return new ApiProblem(
                    ProblemCode.MALFORMED_JSON, "The body is missing or is not JSON. Send a JSON object.");
        }

        /** Whether the JSON reader itself threw {@code e} (a frame of Jackson's parser is on top). */
        static boolean thrownByTheJsonReader(Throwable e) {
            StackTraceElement[] frames = e.getStackTrace();
            return frames.length > 0 && frames[0].getClassName().startsWith("tools.jackson.core.");
        }

        private static JacksonException jacksonCause(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof JacksonException jackson) {
                    return jackson;
                }
            }
            return null;
        }

        /** The JSON path of the failure, in the same notation as validation errors: {@code jobs[3].target.url}. */
        static String path(JacksonException e) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : e.getPath()) {
                if (ref.getPropertyName() != null) {
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.toString();
        }
    }
}
