package dev.foreman.client.errors;

/** 429: a rate limit (rate_limited) or a quota (quota_exceeded) refused the request; {@link #retryAfter()} says when to try again. */
public class RateLimitedException extends ForemanException {
    public RateLimitedException(ProblemDetails problem) {
        super(problem);
    }
}
