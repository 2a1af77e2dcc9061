package dev.foreman.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Foreman's API from Java. Thread-safe; make one per API and key and share it.
 *
 * <pre>{@code
 * Foreman foreman = Foreman.builder().baseUrl("http://localhost:8080").apiKey(System.getenv("FOREMAN_API_KEY")).build();
 * Job job = foreman.jobs().submit(JobSpec.to("https://svc.internal/hooks/welcome").payload(Map.of("user_id", 42)).build());
 * Job ended = foreman.jobs().awaitTerminal(job.id(), Duration.ofSeconds(30));
 * }</pre>
 *
 * Failed calls throw a subclass of {@link dev.foreman.client.errors.ForemanException} carrying the
 * problem's documented {@code code}, or {@link dev.foreman.client.errors.ForemanIoException} when
 * the API could not be reached; passing failures are retried first (see {@link RetryPolicy}).
 */
public final class Foreman {
    private final Transport transport;
    private final Jobs jobs;
    private final DeadLetters deadLetters;
    private final Schedules schedules;
    private final Queues queues;
    private final Keys keys;
    private final Tenants tenants;

    private Foreman(Transport transport, Clock clock) {
        this.transport = transport;
        this.jobs = new Jobs(transport, clock);
        this.deadLetters = new DeadLetters(transport, jobs);
        this.schedules = new Schedules(transport, jobs);
        this.queues = new Queues(transport, jobs);
        this.keys = new Keys(transport, jobs);
        this.tenants = new Tenants(transport, jobs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Jobs jobs() {
        return jobs;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public Schedules schedules() {
        return schedules;
    }

    public Queues queues() {
        return queues;
    }

    /** The tenant's own keys (admin keys). */
    public Keys keys() {
        return keys;
    }

    /** Every tenant and its keys (operator keys). */
    public Tenants tenants() {
        return tenants;
    }

    /**
     * Subscribes to {@code GET /v1/events}: the listener receives each job state change matching
     * {@code filter}, the periodic stats and heartbeats, on a thread of the subscription's own,
     * until {@link EventSubscription#close}. Broken connections resume where they left off.
     */
    public EventSubscription events(EventFilter filter, EventListener listener) {
        return new EventSubscription(transport, filter, listener).start();
    }

    /** A JSON mapper set up as the client's: snake_case names, unknown fields ignored. */
    public static JsonMapper jsonMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.ALWAYS))
                .build();
    }

    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The API's address, such as {@code http://localhost:8080}. */
        public Builder baseUrl(String baseUrl) {
            String url = Objects.requireNonNull(baseUrl, "baseUrl");
            this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long one request may wait for its answer (not used for the events stream). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** Your own {@link HttpClient} (proxy, TLS settings); the connect timeout is then its own. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Foreman build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalStateException("apiKey is required");
            }
            HttpClient http = httpClient != null
                    ? httpClient
                    : HttpClient.newBuilder()
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
            return new Foreman(new Transport(http, baseUrl, apiKey, retry, requestTimeout, jsonMapper(), clock), clock);
        }
    }
}
