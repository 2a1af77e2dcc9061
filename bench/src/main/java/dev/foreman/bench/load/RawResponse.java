package dev.foreman.bench.load;

/**
 * One HTTP response as {@link SocketHttpClient} read it.
 *
 * @param status the status code
 * @param body the body, decoded from its framing (empty when there was none)
 * @param keepAlive whether the connection may carry another request: false after {@code
 *     Connection: close}, an HTTP/1.0 answer or a body that ended with the connection
 */
record RawResponse(int status, byte[] body, boolean keepAlive) {}
