package dev.foreman.cli;

import dev.foreman.client.errors.ConflictException;
import dev.foreman.client.errors.ForbiddenException;
import dev.foreman.client.errors.ForemanException;
import dev.foreman.client.errors.ForemanIoException;
import dev.foreman.client.errors.NotFoundException;
import dev.foreman.client.errors.RateLimitedException;
import dev.foreman.client.errors.ServiceUnavailableException;
import dev.foreman.client.errors.UnauthorizedException;

/** foremanctl's exit codes, documented in {@code docs/cli.md}; scripts may rely on them. */
public final class ExitCode {
    public static final int OK = 0;
    /** A failure with no code of its own (an API 500, a file that cannot be read, ...). */
    public static final int FAILED = 1;
    /** The command line is wrong: an unknown option, a missing argument. */
    public static final int USAGE = 2;
    /** {@code --wait} or {@code watch}: the job ended dead or cancelled. */
    public static final int JOB_FAILED = 3;
    /** {@code --wait} or {@code watch}: the job had not ended when the wait timed out. */
    public static final int WAIT_TIMEOUT = 4;
    /** 401 or 403: the key is missing, unknown, revoked or expired, or its role does not allow the call. */
    public static final int AUTH = 5;
    /** 404: no such job, schedule, queue or key. */
    public static final int NOT_FOUND = 6;
    /** 400, 413, 415 or 422: the API refused the request as written; the message names the fields. */
    public static final int REFUSED = 7;
    /** 409: the job or schedule is not in a state that allows the call. */
    public static final int CONFLICT = 8;
    /** 429 or 503 after the client's retries: rate limited, over quota, or Foreman unavailable. */
    public static final int UNAVAILABLE = 9;
    /** Foreman could not be reached at all. */
    public static final int UNREACHABLE = 10;

    private ExitCode() {}

    static int of(Throwable failure) {
        if (failure instanceof UnauthorizedException || failure instanceof ForbiddenException) {
            return AUTH;
        }
        if (failure instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof ConflictException) {
            return CONFLICT;
        }
        if (failure instanceof RateLimitedException || failure instanceof ServiceUnavailableException) {
            return UNAVAILABLE;
        }
        if (failure instanceof ForemanException problem) {
            int status = problem.status();
            return status == 400 || status == 413 || status == 415 || status == 422 ? REFUSED : FAILED;
        }
        if (failure instanceof ForemanIoException) {
            return UNREACHABLE;
        }
        return FAILED;
    }
}
