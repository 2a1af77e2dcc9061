package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.target.StubTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in Debian's Chromium, driven by playwright-core ({@code dashboard/e2e/dashboard.e2e.mjs})
 * against the whole system: sign in, watch a job submitted through the API turn succeeded without
 * a reload, open it, retry a dead job from Dead letters, pause a queue, and a screenshot of each
 * page. The script installs Chromium with apt-get when it is missing and fails when it cannot;
 * it never skips. {@code -Ddashboard.screenshots=../docs/images} refreshes the README's pictures.
 */
class DashboardE2EIT {
    private static final Logger log = LoggerFactory.getLogger(DashboardE2EIT.class);
    private static final Path DASHBOARD =
            Path.of("..", "dashboard").toAbsolutePath().normalize();

    private static ForemanSystem system;
    private static StubTarget ok;
    private static StubTarget broken;

    @BeforeAll
    static void startTheSystemAndTargets() {
        system = ForemanSystem.shared();
        ok = StubTarget.start();
        // 400 is not retryable: the job is dead at its first attempt.
        broken = StubTarget.start().respondWith(400);
    }

    @AfterAll
    static void stopTheTargets() {
        ok.close();
        broken.close();
    }

    @Test
    void aPersonSignsInWatchesAJobSucceedRetriesADeadOneAndPausesAQueue() throws Exception {
        assertThat(DASHBOARD.resolve("node_modules/playwright-core"))
                .as(
                        "the dashboard module's npm ci installs playwright-core; build it first (it is on the reactor path)")
                .exists();
        TestTenant tenant = system.newTenant();
        Path screenshots = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"))
                .toAbsolutePath()
                .normalize();
        Files.createDirectories(screenshots);

        ProcessBuilder script = new ProcessBuilder("node", "e2e/dashboard.e2e.mjs")
                .directory(DASHBOARD.toFile())
                .redirectErrorStream(true);
        script.environment().put("FOREMAN_URL", system.apiUrl());
        script.environment().put("FOREMAN_KEY", tenant.apiKey());
        script.environment().put("TARGET_OK", ok.url("/ok"));
        script.environment().put("TARGET_BROKEN", broken.url("/broken"));
        script.environment().put("SCREENSHOTS", screenshots.toString());
        Process process = script.start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> copyLines(process, output));

        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the browser test did not finish in 5 minutes:%n%s", output);
        }
        reader.join();
        assertThat(process.exitValue())
                .as("the browser test failed:%n%s", output)
                .isZero();
        assertThat(screenshots.resolve("overview.png")).exists();
    }

    private static void copyLines(Process process, StringBuilder output) {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.info("{}", line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            log.warn("Could not read the browser test's output", e);
        }
    }
}
