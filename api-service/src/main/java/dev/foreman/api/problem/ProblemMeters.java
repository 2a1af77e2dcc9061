package dev.foreman.api.problem;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code foreman_api_problems_total{code,status}}: problem+json answers by their documented code
 * (docs/errors.md), one series per code registered at start, so refusals of every kind (SSRF
 * {@code target_not_allowed}, {@code rate_limited}, {@code quota_exceeded},
 * {@code database_unavailable}, invalid input) can be graphed and alerted on without reading logs.
 */
@Component
public class ProblemMeters {
    /** For writers made outside Spring (unit tests): counts into a registry nobody reads. */
    static final ProblemMeters UNREAD = new ProblemMeters(new SimpleMeterRegistry());

    private final Map<ProblemCode, Counter> answered = new EnumMap<>(ProblemCode.class);

    @Autowired
    public ProblemMeters(MeterRegistry meters) {
        for (ProblemCode code : ProblemCode.values()) {
            answered.put(
                    code,
                    Counter.builder("foreman.api.problems")
                            .description("Requests answered with a problem+json, by its code (docs/errors.md)")
                            .tag("code", code.wireName())
                            .tag("status", String.valueOf(code.status().value()))
                            .register(meters));
        }
    }

    /** Counts one answer with {@code code}. */
    public void answered(ProblemCode code) {
        answered.get(code).increment();
    }
}
