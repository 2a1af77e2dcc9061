package dev.foreman.client;

import dev.foreman.client.errors.FieldError;
import dev.foreman.client.errors.ForemanException;
import dev.foreman.client.errors.ForemanIoException;
import dev.foreman.client.errors.ProblemDetails;
import dev.foreman.client.errors.Problems;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends calls to the API with the key, retries passing failures, and turns problems into exceptions. */
final class Transport {
    private static final Set<String> REFUSED_BEFORE_READING = Set.of("overloaded", "rate_limited");

    private final HttpClient http;
    private final URI baseUri;
    private final String apiKey;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final JsonMapper json;
    private final Clock clock;

    Transport(
            HttpClient http,
            URI baseUri,
            String apiKey,
            RetryPolicy retry,
            Duration requestTimeout,
            JsonMapper json,
            Clock clock) {
        this.http = http;
        this.baseUri = baseUri;
        this.apiKey = apiKey;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.clock = clock;
    }

    JsonMapper json() {
        return json;
    }

    HttpClient http() {
        return http;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Authorization", "Bearer " + apiKey)
                .header("User-Agent", "foreman-java-client");
    }

    <T> T call(Call call, Class<T> type) {
        HttpResponse<String> response = exchange(call);
        return json.readValue(response.body(), type);
    }

    JsonNode callForTree(Call call) {
        HttpResponse<String> response = exchange(call);
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }

    void callForNothing(Call call) {
        exchange(call);
    }

    /** The answer to {@code call}: a success, or an exception once the retry policy gives up. */
    HttpResponse<String> exchange(Call call) {
        Instant started = clock.instant();
        for (int attempt = 1; ; attempt++) {
            boolean mayRepeat = attempt < retry.maxAttempts()
                    && Duration.between(started, clock.instant()).compareTo(retry.maxElapsed()) < 0;
            HttpResponse<String> response;
            try {
                response = http.send(build(call), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (mayRepeat && call.repeat() == Call.Repeat.ALWAYS) {
                    pause(retry.backoff(attempt + 1, null));
                    continue;
                }
                throw new ForemanIoException(
                        call.method() + " " + call.path() + " failed: "
                                + (e.getMessage() != null
                                        ? e.getMessage()
                                        : e.getClass().getSimpleName()),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ForemanIoException(
                        call.method() + " " + call.path() + " was interrupted",
                        new InterruptedIOException(e.getMessage()));
            }
            if (response.statusCode() / 100 == 2) {
                return response;
            }
            ProblemDetails problem = problemOf(response);
            if (mayRepeat && repeatable(call, problem)) {
                pause(retry.backoff(attempt + 1, problem.retryAfter()));
                continue;
            }
            throw Problems.toException(problem);
        }
    }

    private HttpRequest build(Call call) {
        HttpRequest.Builder builder = request(call.path())
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json");
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        if (call.body() == null) {
            return builder.method(call.method(), HttpRequest.BodyPublishers.noBody())
                    .build();
        }
        return builder.header("Content-Type", "application/json")
                .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()))
                .build();
    }

    private static boolean repeatable(Call call, ProblemDetails problem) {
        if (problem.status() != 429 && problem.status() != 503) {
            return false;
        }
        return call.repeat() == Call.Repeat.ALWAYS || REFUSED_BEFORE_READING.contains(problem.code());
    }

    private ProblemDetails problemOf(HttpResponse<String> response) {
        Duration retryAfter = retryAfter(response);
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? null : json.readTree(response.body());
        } catch (JacksonException notJson) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return new ProblemDetails(response.statusCode(), null, null, null, List.of(), retryAfter);
        }
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            errors.add(new FieldError(
                    error.path("field").asString(""), error.path("message").asString("")));
        }
        return new ProblemDetails(
                response.statusCode(),
                body.path("code").asString(null),
                body.path("title").asString(null),
                body.path("detail").asString(null),
                errors,
                retryAfter);
    }

    private Duration retryAfter(HttpResponse<String> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForemanIoException("interrupted while waiting to retry", new InterruptedIOException());
        }
    }

    /** For exceptions raised outside {@link #exchange}: an unexpected answer shape. */
    static ForemanException unexpected(int status, String detail) {
        return Problems.toException(new ProblemDetails(status, "unexpected_answer", null, detail, List.of(), null));
    }
}
