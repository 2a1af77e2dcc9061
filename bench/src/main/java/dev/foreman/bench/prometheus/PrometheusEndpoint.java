package dev.foreman.bench.prometheus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A service's {@code /actuator/prometheus}, read as text. */
@FunctionalInterface
public interface PrometheusEndpoint {

    /** The exposition of the service whose actuator is at {@code actuatorBase}. */
    String read(URI actuatorBase) throws IOException, InterruptedException;

    /** Reads over HTTP, allowing each service five seconds to answer. */
    static PrometheusEndpoint over(HttpClient http) {
        Duration timeout = Duration.ofSeconds(5);
        return actuatorBase -> {
            HttpRequest request = HttpRequest.newBuilder(actuatorBase.resolve("/actuator/prometheus"))
                    .timeout(timeout)
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            return response.body();
        };
    }
}
