package dev.foreman.chaos.load;

import dev.foreman.bench.load.ApiRefusedException;
import dev.foreman.bench.load.ForemanClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code clients} closed-loop clients on virtual threads. Each sends one job, waits for its
 * acknowledgement (retrying with the same key, alternating api-service replicas, with a growing
 * pause), then thinks for about {@code think} (uniformly half to one and a half times it) before
 * its next job, until {@link #stop()}.
 */
public final class Clients implements AutoCloseable {
    /** Statuses a later try may turn into an acknowledgement; any other refusal is a client error. */
    private static final List<Integer> RETRYABLE = List.of(408, 409, 425, 429, 500, 502, 503, 504);

    private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY_PAUSE = Duration.ofSeconds(1);
    /** A submit not acknowledged after this long counts as given up. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    /** Jobs take this long at most at the target; the lease is this plus the workers' lease margin. */
    public static final String JOB_TIMEOUT = "5s";

    private final List<ForemanClient> replicas;
    private final List<String> replicaNames;
    private final JsonMapper json;
    private final URI target;
    private final String queue;
    private final Duration think;
    private final Submissions submissions = new Submissions();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean stopping;

    public Clients(List<URI> apiUrls, String apiKey, JsonMapper json, URI target, String queue, Duration think) {
        this.replicas = apiUrls.stream()
                .map(url -> new ForemanClient(url, apiKey, json))
                .toList();
        this.replicaNames = apiUrls.stream().map(URI::toString).toList();
        this.json = json;
        this.target = target;
        this.queue = queue;
        this.think = think;
    }

    /** Starts {@code count} clients, spread evenly over the replicas, their first submits spread over one think time. */
    public void start(int count, String run) {
        for (int i = 0; i < count; i++) {
            int client = i;
            threads.submit(() -> runClient(client, run));
        }
    }

    public Submissions submissions() {
        return submissions;
    }

    /** Stops sending new jobs; a submit in progress still retries until acknowledged or given up. */
    public void stop() {
        stopping = true;
    }

    /** Waits for every client to finish its last submit. */
    public void awaitStopped(Duration within) throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runClient(int client, String run) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            Thread.sleep(random.nextLong(Math.max(1, think.toMillis())));
            for (long sequence = 0; !stopping; sequence++) {
                submitOne(client, run + "-" + client + "-" + sequence);
                long pause = think.toMillis() / 2 + random.nextLong(Math.max(1, think.toMillis()));
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submitOne(int client, String key) throws InterruptedException {
        String body = jobBody(key);
        int replica = client % replicas.size();
        long firstSent = System.nanoTime();
        long giveUpAt = firstSent + GIVE_UP_AFTER.toNanos();
        Duration pause = FIRST_RETRY_PAUSE;
        String lastError = null;
        for (int tries = 1; ; tries++) {
            try {
                UUID job = replicas.get(replica).submitIdempotent(body);
                submissions.acknowledged(new Submissions.Ack(job, key, firstSent, System.nanoTime(), tries));
                return;
            } catch (ApiRefusedException e) {
                if (!RETRYABLE.contains(e.status())) {
                    submissions.rejected(key, e.getMessage());
                    return;
                }
                lastError = e.getMessage();
            } catch (IOException | RuntimeException e) {
                lastError = e.toString();
            }
            submissions.failed(new Submissions.Failure(System.nanoTime(), replicaNames.get(replica), lastError));
            if (System.nanoTime() > giveUpAt) {
                submissions.gaveUp(key, lastError);
                return;
            }
            replica = (replica + 1) % replicas.size();
            Thread.sleep(ThreadLocalRandom.current().nextLong(pause.toMillis() / 2, pause.toMillis() + 1));
            pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY_PAUSE) > 0
                    ? LONGEST_RETRY_PAUSE
                    : pause.multipliedBy(2);
        }
    }

    /**
     * A job due at once with its idempotency key, a 5 s timeout, and a retry policy that outlasts
     * any one fault (20 attempts, back-off from 1 s to 5 s): a job may fail an attempt while a
     * fault lasts, but must end {@code succeeded}.
     */
    private String jobBody(String key) {
        ObjectNode job = json.createObjectNode();
        job.put("queue", queue);
        job.put("type", "chaos.noop");
        job.putObject("target").put("url", target.toString());
        job.putObject("payload").put("key", key);
        job.put("timeout", JOB_TIMEOUT);
        job.putObject("retry").put("max_attempts", 20).put("min_backoff", "1s").put("max_backoff", "5s");
        job.put("idempotency_key", key);
        return json.writeValueAsString(job);
    }

    @Override
    public void close() {
        stopping = true;
        threads.shutdownNow();
        replicas.forEach(ForemanClient::close);
    }

    /** The names of the replicas, in the order of the URLs given. */
    public List<String> replicaNames() {
        return new ArrayList<>(replicaNames);
    }
}
