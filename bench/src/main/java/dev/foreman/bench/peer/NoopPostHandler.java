package dev.foreman.bench.peer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * Runs a {@link NoopPost}: one HTTP/1.1 POST with the payload and the job id header Foreman's worker
 * sends; anything but a 2xx fails the job, so JobRunr retries it as Foreman would.
 */
public final class NoopPostHandler implements JobRequestHandler<NoopPost> {
    static final String JOB_ID_HEADER = "Foreman-Job-Id";
    // The payload of every Foreman bench job (JobBodies), so both deliver the same bytes.
    static final String PAYLOAD = "{\"bench\":true,\"note\":\"no-op job of the Foreman benchmark\"}";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    /** @param http shared by every job, so that connections to the target are kept alive and reused */
    NoopPostHandler(HttpClient http) {
        this.http = http;
    }

    @Override
    public void run(NoopPost job) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(job.getUrl()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(JOB_ID_HEADER, job.getJobId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the target answered " + response.statusCode());
        }
    }
}
