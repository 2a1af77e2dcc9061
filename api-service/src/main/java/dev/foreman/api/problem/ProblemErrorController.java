package dev.foreman.api.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (failures outside Spring MVC, e.g. in a filter) as problem+json,
 * replacing Boot's default JSON so every error has the same shape.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus httpStatus = status instanceof Integer code ? HttpStatus.resolve(code) : null;
        // A filter that failed on the database (the container saw a 500) is as unavailable as a controller.
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemCode code = failure instanceof Throwable thrown && DatabaseFailures.unavailable(thrown)
                ? ProblemCode.DATABASE_UNAVAILABLE
                : codeFor(httpStatus);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return new ApiProblem(code).toResponse(uri == null ? request.getRequestURI() : uri.toString());
    }

    private static ProblemCode codeFor(HttpStatus status) {
        if (status == null) {
            return ProblemCode.INTERNAL_ERROR;
        }
        return switch (status) {
            case UNAUTHORIZED -> ProblemCode.UNAUTHORIZED;
            case FORBIDDEN -> ProblemCode.FORBIDDEN;
            case NOT_FOUND -> ProblemCode.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ProblemCode.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> ProblemCode.NOT_ACCEPTABLE;
            case CONTENT_TOO_LARGE -> ProblemCode.PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            case SERVICE_UNAVAILABLE -> ProblemCode.SERVICE_UNAVAILABLE;
            default -> status.is4xxClientError() ? ProblemCode.BAD_REQUEST : ProblemCode.INTERNAL_ERROR;
        };
    }
}
