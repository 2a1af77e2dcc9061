package dev.foreman.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/signatures.md tells a target's owner how to verify {@code Foreman-Signature}. Its Java
 * example is {@link ForemanSignature} (checked to be the same text), its Python example is run when
 * a {@code python3} is at hand, and both must accept what the worker signs and refuse the rest.
 * Signatures are made here the worker's way (DESIGN §4), independently of the verifier under test.
 */
class SignatureVerificationExampleTest {
    private static final Path DOC = Path.of("..", "docs", "signatures.md");
    private static final Path JAVA_EXAMPLE =
            Path.of("src", "test", "java", "dev", "foreman", "api", "tenant", "ForemanSignature.java");
    private static final String SECRET = "whsec_8Jx1mQ2v-examplesecretfortests_aZ";
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final String BODY = "{\"user_id\": 42, \"greeting\": \"Grüße ☃\"}";

    @Test
    void acceptsARequestSignedTheWayTheWorkerSignsIt() {
        String header = signLikeTheWorker(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(ForemanSignature.isValid(header, utf8(BODY), SECRET, NOW)).isTrue();
    }

    @Test
    void acceptsAJobWithoutPayloadSignedAsTheTimestampAndADot() {
        String header = signLikeTheWorker(SECRET, NOW.getEpochSecond(), "");

        assertThat(ForemanSignature.isValid(header, new byte[0], SECRET, NOW)).isTrue();
    }

    @Test
    void refusesABodyChangedAfterSigning() {
        String header = signLikeTheWorker(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(ForemanSignature.isValid(header, utf8(BODY.replace("42", "43")), SECRET, NOW))
                .isFalse();
        assertThat(ForemanSignature.isValid(header, utf8(BODY + "\n"), SECRET, NOW))
                .isFalse();
    }

    @Test
    void refusesASignatureMadeWithAnotherTenantsSecret() {
        String header = signLikeTheWorker("whsec_someone-else", NOW.getEpochSecond(), BODY);

        assertThat(ForemanSignature.isValid(header, utf8(BODY), SECRET, NOW)).isFalse();
    }

    @Test
    void acceptsASignatureUpToFiveMinutesAwayFromTheClockEitherWay() {
        long fiveMinutes = Duration.ofMinutes(5).toSeconds();

        assertThat(ForemanSignature.isValid(
                        signLikeTheWorker(SECRET, NOW.getEpochSecond() - fiveMinutes, BODY), utf8(BODY), SECRET, NOW))
                .isTrue();
        assertThat(ForemanSignature.isValid(
                        signLikeTheWorker(SECRET, NOW.getEpochSecond() + fiveMinutes, BODY), utf8(BODY), SECRET, NOW))
                .isTrue();
    }

    @Test
    void refusesAReplayOfASignatureMoreThanFiveMinutesOld() {
        long tooOld = NOW.getEpochSecond() - Duration.ofMinutes(5).toSeconds() - 1;
        long tooNew = NOW.getEpochSecond() + Duration.ofMinutes(5).toSeconds() + 1;

        assertThat(ForemanSignature.isValid(signLikeTheWorker(SECRET, tooOld, BODY), utf8(BODY), SECRET, NOW))
                .isFalse();
        assertThat(ForemanSignature.isValid(signLikeTheWorker(SECRET, tooNew, BODY), utf8(BODY), SECRET, NOW))
                .isFalse();
    }

    @Test
    void refusesATimestampThatIsNotTheSignedOne() {
        String header = signLikeTheWorker(SECRET, NOW.getEpochSecond(), BODY);
        String otherTime = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() - 1));

        assertThat(ForemanSignature.isValid(otherTime, utf8(BODY), SECRET, NOW)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "t=1795342530",
                "v1=00",
                "t=,v1=00",
                "t=yesterday,v1=00",
                "t=-1795342530,v1=00",
                "t=1795342530,v1=not-hex",
                "t=1795342530,v1=",
                "garbage"
            })
    void refusesAMalformedHeader(String header) {
        assertThat(ForemanSignature.isValid(header, utf8(BODY), SECRET, NOW)).isFalse();
    }

    @Test
    void refusesARequestWithoutTheHeader() {
        assertThat(ForemanSignature.isValid(null, utf8(BODY), SECRET, NOW)).isFalse();
    }

    @Test
    void ignoresUnknownKeysAndAcceptsAnyMatchingV1() {
        String signed = signLikeTheWorker(SECRET, NOW.getEpochSecond(), BODY);
        String v1 = signed.substring(signed.indexOf("v1="));
        String header = "v0=deadbeef, t=" + NOW.getEpochSecond() + ", v1=" + "00".repeat(32) + ", " + v1 + ", v2=zz";

        assertThat(ForemanSignature.isValid(header, utf8(BODY), SECRET, NOW)).isTrue();
    }

    @Test
    void theDocumentedRotationHeaderVerifiesWithEitherSecret() throws IOException {
        String body = "{\"user_id\":42}";
        String next = signLikeTheWorker("whsec_example_next_do_not_use", 1767225600L, body);
        String old = signLikeTheWorker("whsec_example_do_not_use", 1767225600L, body);
        String header = next + "," + old.substring(old.indexOf("v1="));
        Instant signedAt = Instant.ofEpochSecond(1767225600L);

        assertThat(Files.readString(DOC)).contains(header);
        assertThat(ForemanSignature.isValid(header, utf8(body), "whsec_example_next_do_not_use", signedAt))
                .isTrue();
        assertThat(ForemanSignature.isValid(header, utf8(body), "whsec_example_do_not_use", signedAt))
                .isTrue();
        assertThat(ForemanSignature.isValid(header, utf8(body), "whsec_someone-else", signedAt))
                .isFalse();
    }

    @Test
    void theDocumentedTestVectorIsWhatTheWorkerProduces() throws IOException {
        String header = signLikeTheWorker("whsec_example_do_not_use", 1767225600L, "{\"user_id\":42}");

        assertThat(Files.readString(DOC)).contains(header);
        assertThat(ForemanSignature.isValid(
                        header,
                        utf8("{\"user_id\":42}"),
                        "whsec_example_do_not_use",
                        Instant.ofEpochSecond(1767225600L)))
                .isTrue();
    }

    @Test
    void theDocumentedJavaExampleIsTheVerifiedOne() throws IOException {
        String documented = codeBlock("java");
        String verified = Files.readString(JAVA_EXAMPLE).replaceFirst("package [\\w.]+;", "");

        // Whitespace is left to the formatter; every other character must match.
        assertThat(withoutWhitespace(documented)).isEqualTo(withoutWhitespace(verified));
    }

    @Test
    void theDocumentedPythonExampleAcceptsWhatTheWorkerSignsAndRefusesTheRest() throws Exception {
        long now = NOW.getEpochSecond();
        String valid = signLikeTheWorker(SECRET, now, BODY);
        List<String> verdicts = runPython(List.of(
                new PythonCase(valid, BODY, now),
                new PythonCase(signLikeTheWorker(SECRET, now, ""), "", now),
                new PythonCase(valid, BODY.replace("42", "43"), now),
                new PythonCase(signLikeTheWorker("whsec_someone-else", now, BODY), BODY, now),
                new PythonCase(valid, BODY, now + 301),
                new PythonCase(valid, BODY, now + 300),
                new PythonCase("v0=zz, t=" + now + ", " + valid.substring(valid.indexOf("v1=")), BODY, now),
                new PythonCase("t=yesterday,v1=00", BODY, now),
                new PythonCase("", BODY, now)));

        assertThat(verdicts)
                .containsExactly("True", "True", "False", "False", "False", "True", "True", "False", "False");
    }

    /** What the worker sends (DESIGN §4): HMAC-SHA256 of "t.body" under the tenant's secret, in hex. */
    private static String signLikeTheWorker(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One call of the Python example: the header, the body as sent, and the verifier's clock. */
    private record PythonCase(String header, String body, long now) {}

    /** Runs the documented Python function once per case and returns what it printed for each. */
    private static List<String> runPython(List<PythonCase> cases) throws Exception {
        String program = codeBlock("python") + """


                import sys
                args = sys.argv[1:]
                for i in range(0, len(args), 3):
                    print(is_valid(args[i], bytes.fromhex(args[i + 1]), "%s", int(args[i + 2])))
                """.formatted(SECRET);
        List<String> arguments = new ArrayList<>(List.of("python3", "-c", program));
        for (PythonCase call : cases) {
            arguments.add(call.header());
            arguments.add(HexFormat.of().formatHex(utf8(call.body())));
            arguments.add(String.valueOf(call.now()));
        }
        Process python;
        try {
            python = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed here; the Python example is checked where it is");
            throw e;
        }
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    /** The one fenced code block of {@code language} in docs/signatures.md. */
    private static String codeBlock(String language) throws IOException {
        Matcher block = Pattern.compile("(?s)```" + language + "\\n(.*?)\\n```").matcher(Files.readString(DOC));
        assertThat(block.find())
                .as("docs/signatures.md has a ```%s block", language)
                .isTrue();
        String code = block.group(1);
        assertThat(block.find())
                .as("docs/signatures.md has only one ```%s block", language)
                .isFalse();
        return code;
    }

    private static String withoutWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
