package dev.foreman.api.jobs;

import dev.foreman.api.ApiProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The group commit of submissions, sized by {@code foreman.api.submit.*}. */
@Configuration(proxyBeanMethods = false)
class SubmitConfiguration {

    @Bean
    GroupCommit groupCommit(SubmissionWriter writer, ApiProperties properties, MeterRegistry meters) {
        ApiProperties.Submit submit = properties.submit();
        return new GroupCommit(writer::writeAll, submit.groupMaxJobs(), submit.groupCommitters(), meters);
    }
}
