package dev.foreman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.client.Foreman;
import dev.foreman.devstack.SharedSystem;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.target.StubTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** foremanctl against the whole system, in this JVM and as the launcher a user runs. */
class ForemanCtlIT {
    private final SharedSystem system = SharedSystem.get();
    private TestTenant tenant;
    private StubTarget target;

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return Foreman.jsonMapper().readTree(out);
        }
    }

    @BeforeEach
    void start() {
        tenant = system.newTenant("cli");
        target = StubTarget.start();
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private Run runWithKey(String apiKey, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("FOREMAN_API_URL", system.apiUrl());
        env.put("FOREMAN_API_KEY", apiKey);
        env.put("FOREMAN_CONFIG", "/nonexistent/foreman.yaml");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ForemanCtl.commandLine(new ForemanCtl(env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return runWithKey(tenant.apiKey(), args);
    }

    @Test
    void submitWithWaitExitsZeroOnceTheJobSucceededAndJsonOutputIsJson() {
        Run run = run(
                "jobs",
                "submit",
                "--target",
                target.url("/cli"),
                "--queue",
                "cli",
                "--payload",
                "{\"n\":1}",
                "--wait",
                "-o",
                "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().path("state").asString()).isEqualTo("succeeded");
        assertThat(run.json().path("queue").asString()).isEqualTo("cli");
    }

    @Test
    void submitWithWaitExitsThreeWhenTheJobEndsDead() {
        target.respondWith(400);

        Run run = run("jobs", "submit", "--target", target.url("/rejects"), "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(run.out()).contains("dead");
    }

    @Test
    void aBadKeyExitsWithTheAuthCodeAndTheProblemsMessage() {
        Run run = runWithKey("fm_not_a_key", "jobs", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCode.AUTH);
        assertThat(run.err()).contains("401 unauthorized");
    }

    @Test
    void aRefusedSubmitExitsSevenAndNamesTheField() {
        Run run = run("jobs", "submit", "--target", "ftp://nowhere");

        assertThat(run.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).contains("validation_failed").contains("target.url");
    }

    @Test
    void listAsYamlShowsTheSubmittedJobsAndGetShowsOne() {
        String id = run("jobs", "submit", "--target", target.url("/y"), "--queue", "yaml", "-o", "json")
                .json()
                .path("id")
                .asString();

        Run list = run("jobs", "list", "--queue", "yaml", "-o", "yaml");
        Run get = run("jobs", "get", id);

        assertThat(new YAMLMapper().readTree(list.out()).findValuesAsString("id"))
                .contains(id);
        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).contains("id").contains(id);
    }

    @Test
    void anUnknownJobExitsSixAndAMissingKeyIsAUsageError() {
        assertThat(run("jobs", "get", "0193a5b0-0000-7000-8000-000000000001").exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
        Run noKey = runWithKey("", "jobs", "list");
        assertThat(noKey.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noKey.err()).contains("no API key");
    }

    @Test
    void deadLettersAreRetriedInBulkByFilter() {
        target.respondWith(400);
        run("jobs", "submit", "--target", target.url("/dlq"), "--queue", "cli-dlq", "--wait");
        target.respondWith(200);

        Run retried = run("dlq", "retry", "--all", "--queue", "cli-dlq", "-o", "json");

        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.json().path("retried").asInt()).isEqualTo(1);
    }

    @Test
    void theLauncherRunsTheSelfContainedJarWithTheEnvironmentsKey() throws IOException, InterruptedException {
        Path launcher = Path.of("foremanctl").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        launcher.toString(),
                        "jobs",
                        "submit",
                        "--target",
                        target.url("/jar"),
                        "--wait",
                        "-o",
                        "json")
                .redirectErrorStream(false);
        builder.environment().put("FOREMAN_API_URL", system.apiUrl());
        builder.environment().put("FOREMAN_API_KEY", tenant.apiKey());
        builder.environment().put("FOREMAN_CONFIG", "/nonexistent/foreman.yaml");
        builder.environment()
                .put(
                        "JAVA",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(err).isZero();
        assertThat(Foreman.jsonMapper().readTree(out).path("state").asString()).isEqualTo("succeeded");
        assertThat(Files.list(Path.of("target")).map(Path::toString)).anyMatch(name -> name.endsWith("-all.jar"));
    }

    @Test
    void anAdminCreatesAKeyThatIsListedByPrefixAndRevoked() {
        Run created = run("keys", "create", "--name", "ci", "--role", "read_only", "-o", "json");
        String id = created.json().path("id").asString();
        String prefix = created.json().path("prefix").asString();

        Run listed = run("keys", "list", "-o", "json");
        Run revoked = run("keys", "revoke", id);

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.json().path("key").asString()).startsWith(prefix);
        assertThat(listed.out())
                .contains(prefix)
                .doesNotContain(created.json().path("key").asString());
        assertThat(revoked.exitCode()).isZero();
        assertThat(runWithKey(created.json().path("key").asString(), "jobs", "list")
                        .exitCode())
                .isEqualTo(ExitCode.AUTH);
    }

    @Test
    void anOperatorCreatesATenantWithAMemberKeyAndSuspendsIt() {
        String operator = system.newOperatorKey("cli-operator");
        Run tenantCreated =
                runWithKey(operator, "tenants", "create", "--name", "cli-" + UUID.randomUUID(), "-o", "json");
        String tenantId = tenantCreated.json().path("id").asString();
        String memberKey = runWithKey(operator, "tenants", "create-key", tenantId, "--name", "m", "-o", "json")
                .json()
                .path("key")
                .asString();

        assertThat(runWithKey(memberKey, "jobs", "list").exitCode()).isZero();
        assertThat(runWithKey(operator, "tenants", "suspend", tenantId, "-o", "json")
                        .json()
                        .path("state")
                        .asString())
                .isEqualTo("suspended");
        assertThat(runWithKey(memberKey, "jobs", "list").exitCode()).isEqualTo(ExitCode.AUTH);
        assertThat(runWithKey(memberKey, "tenants", "list").exitCode()).isEqualTo(ExitCode.AUTH);
    }

    @Test
    void aQueueIsPausedLimitedAndResumedFromTheTerminal() {
        String queue = "cli-q-" + UUID.randomUUID().toString().substring(0, 8);

        Run paused = run("queues", "pause", queue, "-o", "json");
        Run limited = run("queues", "set", queue, "--max-concurrency", "3", "-o", "json");
        Run resumed = run("queues", "resume", queue, "-o", "json");
        Run listed = run("queues", "list");

        assertThat(paused.json().path("paused").asBoolean()).isTrue();
        assertThat(limited.json().path("max_concurrency").asInt()).isEqualTo(3);
        assertThat(resumed.json().path("paused").asBoolean()).isFalse();
        assertThat(listed.out()).contains(queue);
    }
}
