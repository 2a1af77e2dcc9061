package dev.foreman.client.errors;

/** The exception for a problem answer: chosen by status, so every documented code has its kind. */
public final class Problems {
    private Problems() {}

    public static ForemanException toException(ProblemDetails problem) {
        int status = problem.status();
        switch (status) {
            case 400:
                return new BadRequestException(problem);
            case 401:
                return new UnauthorizedException(problem);
            case 403:
                return new ForbiddenException(problem);
            case 404:
                return new NotFoundException(problem);
            case 405:
            case 406:
            case 415:
                return new UnsupportedRequestException(problem);
            case 409:
                return new ConflictException(problem);
            case 413:
                return new PayloadTooLargeException(problem);
            case 422:
                return new ValidationException(problem);
            case 429:
                return new RateLimitedException(problem);
            case 503:
                return new ServiceUnavailableException(problem);
            default:
                return status >= 500 ? new ServerErrorException(problem) : new ForemanException(problem);
        }
    }
}
