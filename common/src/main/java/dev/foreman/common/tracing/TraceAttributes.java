package dev.foreman.common.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes Foreman's spans carry: OpenTelemetry's semantic conventions where one fits
 * (HTTP, messaging, errors), {@code foreman.*} for the rest. Never a secret: no header values,
 * payloads, or query strings (which often hold tokens).
 */
public final class TraceAttributes {
    public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("foreman.job.id");
    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("foreman.tenant.id");
    public static final AttributeKey<String> QUEUE = AttributeKey.stringKey("foreman.queue");
    public static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("foreman.job.type");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("foreman.attempt");
    public static final AttributeKey<Long> JOB_COUNT = AttributeKey.longKey("foreman.job.count");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("foreman.outcome");
    public static final AttributeKey<String> NEXT_STATE = AttributeKey.stringKey("foreman.job.state");
    public static final AttributeKey<String> SCHEDULE_ID = AttributeKey.stringKey("foreman.schedule.id");

    public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
            AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION =
            AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_OPERATION_TYPE =
            AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    private TraceAttributes() {}
}
