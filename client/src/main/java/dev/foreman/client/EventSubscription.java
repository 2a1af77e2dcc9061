package dev.foreman.client;

import dev.foreman.client.errors.ForemanException;
import dev.foreman.client.errors.ProblemDetails;
import dev.foreman.client.errors.Problems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A live {@code GET /v1/events} subscription on a thread of its own. When the connection breaks it
 * reconnects with back-off (100 ms doubling to 10 s, or the server's {@code retry:}) and resumes
 * with {@code Last-Event-ID}, so no event in the server's buffer is missed; {@link #close} ends it.
 */
public final class EventSubscription implements AutoCloseable {
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Transport transport;
    private final EventFilter filter;
    private final EventListener listener;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String lastEventId;
    private volatile boolean closed;
    private volatile InputStream open;
    private volatile long serverRetryMillis = -1;

    EventSubscription(Transport transport, EventFilter filter, EventListener listener) {
        this.transport = transport;
        this.filter = filter;
        this.listener = listener;
        this.lastEventId = filter.lastEventId();
        this.thread = new Thread(this::run, "foreman-events");
        this.thread.setDaemon(true);
    }

    EventSubscription start() {
        thread.start();
        return this;
    }

    /** The id of the last event received: a new subscription given it resumes after it. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Waits until the subscription has ended (closed, or refused by the API). */
    public boolean awaitEnd(Duration max) throws InterruptedException {
        return ended.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        InputStream stream = open;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing to end the read; nothing to report
            }
        }
        thread.interrupt();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        try {
            while (!closed) {
                try {
                    boolean received = readOnce();
                    if (received) {
                        backoff = MIN_BACKOFF;
                    }
                    if (!closed) {
                        listener.onDisconnected(null);
                    }
                } catch (ForemanException refused) {
                    if (refused.status() != 429 && refused.status() < 500) {
                        listener.onRefused(refused);
                        return;
                    }
                    listener.onDisconnected(refused);
                } catch (IOException broken) {
                    if (closed) {
                        return;
                    }
                    listener.onDisconnected(broken);
                }
                Duration wait = serverRetryMillis >= 0 ? Duration.ofMillis(serverRetryMillis) : backoff;
                Thread.sleep(wait.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** One connection, read until it ends; answers whether any event or heartbeat arrived. */
    private boolean readOnce() throws IOException, InterruptedException {
        HttpRequest.Builder request = transport
                .request("/v1/events" + filter.toQuery())
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .GET();
        String resumeFrom = lastEventId;
        if (resumeFrom != null) {
            request.header("Last-Event-ID", resumeFrom);
        }
        HttpResponse<InputStream> response =
                transport.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw problem(response.statusCode(), body);
        }
        open = response.body();
        listener.onConnected();
        boolean[] received = {false};
        SseParser parser = new SseParser(
                message -> {
                    received[0] = true;
                    deliver(message);
                },
                () -> {
                    received[0] = true;
                    listener.onHeartbeat();
                },
                millis -> serverRetryMillis = millis);
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while (!closed && (line = reader.readLine()) != null) {
                parser.line(line);
            }
        } finally {
            open = null;
        }
        return received[0];
    }

    private void deliver(SseParser.Message message) {
        if (message.id() != null && !message.id().isEmpty()) {
            lastEventId = message.id();
        }
        switch (message.event()) {
            case "job" -> {
                JsonNode data = transport.json().readTree(message.data());
                JobEvent event = transport.json().treeToValue(data, JobEvent.class);
                listener.onJob(new JobEvent(
                        message.id(),
                        event.id(),
                        event.queue(),
                        event.type(),
                        event.priority(),
                        event.state(),
                        event.attempt(),
                        event.at()));
            }
            case "stats" -> listener.onStats(transport.json().readTree(message.data()));
            case "reset" -> listener.onReset();
            default -> {}
        }
    }

    private ForemanException problem(int status, String body) {
        JsonNode node;
        try {
            node = body.isBlank() ? null : transport.json().readTree(body);
        } catch (RuntimeException notJson) {
            node = null;
        }
        String code = node == null ? null : node.path("code").asString(null);
        String detail = node == null ? null : node.path("detail").asString(null);
        return Problems.toException(new ProblemDetails(status, code, null, detail, List.of(), null));
    }
}
