package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.callback.Callback;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.callback.CallbackState;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.worker.dispatch.HostResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The SSRF guard in the running worker (DESIGN §4). The tests run in dev mode, which allows
 * loopback (StubTarget) but never the cloud metadata range; a resolver bean points the name {@code
 * metadata.test} there, as a hostile DNS record would.
 */
@Import(TargetGuardIT.HostileDns.class)
class TargetGuardIT extends RunningWorker {
    private static final String METADATA_NAME = "metadata.test";

    @Autowired
    private CallbackRepository callbacks;

    @Autowired
    private MeterRegistry meters;

    @TestConfiguration
    static class HostileDns {
        @Bean
        HostResolver hostileResolver() {
            return host -> METADATA_NAME.equals(host)
                    ? new InetAddress[] {
                        InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
                    }
                    : HostResolver.SYSTEM.resolve(host);
        }
    }

    @Test
    void endsAJobDeadWithoutRetryWhenItsHostResolvesToTheMetadataAddress() {
        double refusedBefore = refused();
        Job job = insertQueued(Jobs.aJob().withMaxAttempts(5));
        // insertQueued targets the stub; point the job at the hostile name instead, same port.
        Job hostile = insertQueuedAt("http://" + METADATA_NAME + ":" + target.port() + "/hook");
        relay.publish(hostile);
        relay.publish(job);

        Job dead = awaitState(hostile, JobState.DEAD);

        assertThat(dead.attempt()).isEqualTo(1);
        assertThat(dead.lastError())
                .startsWith("target not allowed: 169.254.169.254 is link-local (cloud metadata)")
                .contains(METADATA_NAME);
        List<JobAttempt> recorded = attempts.findByTenantAndJob(tenant.id(), hostile.id());
        assertThat(recorded)
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.error()).contains("target not allowed"));
        awaitState(job, JobState.SUCCEEDED);
        assertThat(target.received())
                .singleElement()
                .satisfies(request -> assertThat(request.header("Foreman-Job-Id"))
                        .isEqualTo(job.id().toString()));
        assertThat(refused()).isGreaterThan(refusedBefore);
    }

    @Test
    void failsACallbackWithoutRedeliveryWhenItsHostResolvesToTheMetadataAddress() {
        Job job = insertQueued(Jobs.aJob().withCallbackUrl("http://" + METADATA_NAME + ":" + target.port() + "/done"));
        relay.publish(job);

        Callback callback = await("callback of " + job.id() + " failed")
                .atMost(PATIENCE)
                .until(
                        () -> callbacks.findByTenantAndJob(tenant.id(), job.id()),
                        found -> found.size() == 1 && found.getFirst().state() == CallbackState.FAILED)
                .getFirst();

        assertThat(callback.deliveries())
                .singleElement()
                .satisfies(delivery -> assertThat(delivery.error()).startsWith("target not allowed: 169.254.169.254"));
        assertThat(target.received()).extracting(r -> r.path()).containsExactly("/hook");
    }

    private Job insertQueuedAt(String url) {
        return jobs.insertAllSkippingKnownIdempotencyKeys(
                        tenant.id(),
                        List.of(Jobs.aJob().targeting(url).withMaxAttempts(5).build()),
                        clock.instant())
                .getFirst();
    }

    private double refused() {
        return meters.counter("foreman.worker.targets.refused").count();
    }
}
