package dev.foreman.bench.load;

/** The API answered a status other than the one the call expects. */
public final class ApiRefusedException extends RuntimeException {
    private static final int BODY_EXCERPT = 300;

    private final int status;

    ApiRefusedException(String call, int status, String body) {
        super(call + " answered " + status + ": "
                + (body.length() > BODY_EXCERPT ? body.substring(0, BODY_EXCERPT) + "..." : body));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
