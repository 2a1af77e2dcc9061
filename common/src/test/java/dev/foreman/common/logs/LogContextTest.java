package dev.foreman.common.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final UUID JOB = UUID.fromString("0197a3c4-0000-7000-8000-000000000001");
    private static final UUID TENANT = UUID.fromString("0197a3c4-0000-7000-8000-000000000002");

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void namesTheJobItsTenantQueueAndTraceWhileTheScopesAreOpen() {
        LogContext logs = LogContext.of(true);

        try (LogContext.Scope job = logs.job(JOB, TENANT, "emails");
                LogContext.Scope trace = logs.trace(TRACE)) {
            assertThat(MDC.get("job.id")).isEqualTo(JOB.toString());
            assertThat(MDC.get("tenant.id")).isEqualTo(TENANT.toString());
            assertThat(MDC.get("queue")).isEqualTo("emails");
            assertThat(MDC.get("trace.id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(MDC.get("span.id")).isEqualTo("b7ad6b7169203331");
        }

        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void aClosedInnerScopeLeavesTheOuterOnesKeys() {
        LogContext logs = LogContext.of(true);

        try (LogContext.Scope tenant = logs.tenant(TENANT)) {
            try (LogContext.Scope trace = logs.trace(TRACE)) {
                assertThat(MDC.get("trace.id")).isNotNull();
            }
            assertThat(MDC.get("trace.id")).isNull();
            assertThat(MDC.get("tenant.id")).isEqualTo(TENANT.toString());
        }
    }

    @Test
    void offPutsNothing() {
        LogContext logs = LogContext.of(false);

        try (LogContext.Scope job = logs.job(JOB, TENANT, "emails");
                LogContext.Scope trace = logs.trace(TRACE)) {
            assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        }
    }
}
