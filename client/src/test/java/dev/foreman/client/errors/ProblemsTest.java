package dev.foreman.client.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    private static final Pattern CODE_ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (\\d{3}) \\|", Pattern.MULTILINE);

    @Test
    void everyDocumentedErrorCodeHasATypedExceptionCarryingIt() throws IOException {
        String catalogue = Files.readString(Path.of("..", "docs", "errors.md"));
        Matcher rows = CODE_ROW.matcher(catalogue);
        int codes = 0;
        while (rows.find()) {
            String code = rows.group(1);
            int status = Integer.parseInt(rows.group(2));
            ForemanException exception =
                    Problems.toException(new ProblemDetails(status, code, "t", "d", List.of(), null));

            assertThat(exception.getClass())
                    .as("the exception for %s (%d)", code, status)
                    .isNotEqualTo(ForemanException.class);
            assertThat(exception.code()).isEqualTo(code);
            assertThat(exception.status()).isEqualTo(status);
            codes++;
        }
        assertThat(codes).as("codes found in docs/errors.md").isGreaterThan(15);
    }

    @Test
    void theMessageNamesStatusCodeDetailAndFields() {
        ForemanException exception = Problems.toException(new ProblemDetails(
                422,
                "validation_failed",
                "Validation failed",
                "1 field",
                List.of(new FieldError("target.url", "must be http or https")),
                null));

        assertThat(exception)
                .isInstanceOf(ValidationException.class)
                .hasMessage("422 validation_failed: 1 field; target.url: must be http or https");
    }
}
