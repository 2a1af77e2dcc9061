package dev.foreman.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;

class DashboardControllerTest {

    @Test
    void answersThePageUncachedForEveryDashboardRoute() {
        var controller = new DashboardController(new ClassPathResource("dashboard-fixture/index.html"));

        var answer = controller.page();

        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.TEXT_HTML);
        assertThat(answer.getHeaders().getCacheControl()).isEqualTo("no-cache");
        assertThat(new String(answer.getBody())).contains("<title>Foreman</title>");
    }

    @Test
    void saysTheDashboardIsNotBuiltInWhenItsJarIsMissing() {
        var controller = new DashboardController(new ClassPathResource("no-such-dashboard/index.html"));

        assertThatThrownBy(controller::page)
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.NOT_FOUND));
    }

    /** A route the browser's router has but the server does not would 404 on a reload of that page. */
    @Test
    void servesExactlyTheRoutesTheDashboardRouterHas() throws Exception {
        Set<String> served = Arrays.stream(DashboardController.class
                        .getDeclaredMethod("page")
                        .getAnnotation(GetMapping.class)
                        .value())
                .map(path -> path.replaceAll("\\{[^}]+}", ":id"))
                .collect(Collectors.toSet());

        assertThat(served).isEqualTo(routerPaths());
    }

    private static Set<String> routerPaths() throws IOException {
        String app = Files.readString(Path.of("../dashboard/src/App.tsx"));
        return Pattern.compile("<Route path=\"([^\"*]+)\"")
                .matcher(app)
                .results()
                .map(m -> m.group(1))
                .collect(Collectors.toSet());
    }
}
