package dev.foreman.api.dashboard;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Answers the dashboard's page for {@code /} and for each path the browser's router owns (the
 * single-page-app fallback), never cached so that a new build is picked up on the next load. The
 * routes are the dashboard's own ({@code dashboard/src/App.tsx}); {@code /v1} and
 * {@code /actuator} never match them.
 */
@Controller
class DashboardController {
    static final String LOCATION = "foreman-dashboard/";
    private static final String NOT_BUILT = "This api-service was built without the dashboard (foreman-dashboard is not"
            + " on its classpath); build it with the dashboard module, or use the API directly.";

    private final Optional<byte[]> page;

    DashboardController() {
        this(new ClassPathResource(LOCATION + "index.html"));
    }

    DashboardController(ClassPathResource index) {
        this.page = read(index);
    }

    @GetMapping({
        "/",
        "/jobs",
        "/jobs/{id}",
        "/dead-letters",
        "/schedules",
        "/queues",
        "/keys",
    })
    ResponseEntity<byte[]> page() {
        byte[] html = page.orElseThrow(() -> new ApiProblem(ProblemCode.NOT_FOUND, NOT_BUILT));
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .body(html);
    }

    private static Optional<byte[]> read(ClassPathResource index) {
        if (!index.exists()) {
            return Optional.empty();
        }
        try (InputStream in = index.getInputStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the dashboard's " + index.getPath(), e);
        }
    }
}
