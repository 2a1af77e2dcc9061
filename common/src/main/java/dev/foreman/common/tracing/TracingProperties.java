package dev.foreman.common.tracing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * OpenTelemetry tracing, the same settings for every service ({@code foreman.tracing.*}). Defaults
 * are the values below; {@code TracingPropertiesTest} pins them.
 *
 * @param enabled whether the service records spans (submit, publish, claim, dispatch, finish,
 *     callback, cron fire). Off, no span is made at all, but a job still carries its client's
 *     {@code traceparent} from the submit to the target and the callback
 * @param samplingProbability the share of new traces that are recorded, from 0 to 1; a trace that
 *     a client or an upstream service started keeps the sampling decision of its {@code traceparent}
 * @param otlp where recorded spans are exported; with no endpoint they are exported nowhere (the
 *     trace ids still reach the logs and the targets)
 */
@Validated
@ConfigurationProperties("foreman.tracing")
public record TracingProperties(
        @DefaultValue("false") boolean enabled,

        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0")
        double samplingProbability,

        @DefaultValue @Valid Otlp otlp) {

    /**
     * Export of spans over OTLP/HTTP (protobuf) in batches, off the path of any job.
     *
     * @param endpoint the collector's traces URL, e.g. {@code http://otel-collector:4318/v1/traces};
     *     unset or blank exports nothing
     * @param timeout how long one export may take before its batch is dropped
     * @param headers extra HTTP headers of every export, e.g. a hosted collector's API key (never logged)
     */
    public record Otlp(
            String endpoint, @DefaultValue("10s") @NotNull Duration timeout, Map<String, String> headers) {

        public Otlp {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        /** Whether spans are exported at all. */
        public boolean exports() {
            return endpoint != null && !endpoint.isBlank();
        }
    }
}
