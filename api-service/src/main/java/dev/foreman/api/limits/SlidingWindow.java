package dev.foreman.api.limits;

/**
 * The arithmetic of a sliding-window rate limit (the "sliding window counter" of Cloudflare and
 * Redis' rate-limiting patterns): requests are counted per fixed window, and the requests of the
 * last {@code window} are estimated as the current window's count plus the previous window's count
 * weighted by how much of it still lies inside the last {@code window}. Two counters per key,
 * whatever the rate; no burst of twice the limit at a window's edge, as a fixed window allows.
 *
 * @param limit requests allowed per window
 * @param windowMillis the window's length
 */
record SlidingWindow(int limit, long windowMillis) {

    /** The window {@code nowMillis} lies in; its counter key carries this number. */
    long index(long nowMillis) {
        return Math.floorDiv(nowMillis, windowMillis);
    }

    /** How much of the previous window still lies inside the last {@code windowMillis}, 0 to 1. */
    double previousWeight(long nowMillis) {
        long elapsed = Math.floorMod(nowMillis, windowMillis);
        return (double) (windowMillis - elapsed) / windowMillis;
    }

    /**
     * The decision and the header values, from the two counts as they stand after the request (the
     * current one includes it when it was allowed).
     */
    Decision decide(boolean allowed, long previous, long current, long nowMillis) {
        long elapsed = Math.floorMod(nowMillis, windowMillis);
        double used = previous * previousWeight(nowMillis) + current;
        int remaining = (int) Math.max(0, Math.floor(limit - used));
        long untilWindowEnds = windowMillis - elapsed;
        if (allowed) {
            return new Decision(true, remaining, 0, seconds(untilWindowEnds));
        }
        long waitMillis = waitForOneMore(previous, current, elapsed);
        return new Decision(false, 0, seconds(waitMillis), seconds(waitMillis));
    }

    /** How long until the estimate leaves room for one more request. */
    private long waitForOneMore(long previous, long current, long elapsed) {
        double room = limit - 1.0;
        if (current <= room && previous > 0) {
            // Within this window: the previous window's share shrinks by previous/window each ms.
            double needElapsed = windowMillis - (room - current) * windowMillis / previous;
            return Math.max(1, (long) Math.ceil(needElapsed - elapsed));
        }
        // Only the next window helps: then this window's count is the one that fades.
        long toNextWindow = windowMillis - elapsed;
        double needElapsedNext = current <= 0 ? 0 : Math.max(0, windowMillis - room * windowMillis / current);
        return Math.max(1, toNextWindow + (long) Math.ceil(needElapsedNext));
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    /**
     * @param allowed whether the request may go on
     * @param remaining requests left in the window (the {@code r} of {@code RateLimit})
     * @param retryAfterSeconds when refused, the seconds to wait ({@code Retry-After})
     * @param resetSeconds seconds until the window has room again (the {@code t} of {@code RateLimit})
     */
    record Decision(boolean allowed, int remaining, int retryAfterSeconds, int resetSeconds) {}
}
