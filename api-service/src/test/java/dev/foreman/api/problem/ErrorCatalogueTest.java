package dev.foreman.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/errors.md is the catalogue users read: it must list every code the API can answer, and no others. */
class ErrorCatalogueTest {
    private static final Path CATALOGUE = Path.of("..", "docs", "errors.md");
    private static final Pattern TABLE_ROW_CODE = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (\\d{3}) \\|");

    @Test
    void theCatalogueListsEveryCodeWithItsStatusAndNothingElse() throws IOException {
        Set<String> documented = documentedRows();
        Set<String> answered = Arrays.stream(ProblemCode.values())
                .map(code -> code.wireName() + " " + code.status().value())
                .collect(Collectors.toSet());

        assertThat(documented).isEqualTo(answered);
    }

    /** The codes docs/errors.md lists, for tests that check the codes an answer carries. */
    static Set<String> documentedCodes() {
        try {
            return documentedRows().stream()
                    .map(row -> row.substring(0, row.indexOf(' ')))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> documentedRows() throws IOException {
        Matcher rows = TABLE_ROW_CODE.matcher(Files.readString(CATALOGUE));
        Set<String> documented = new HashSet<>();
        while (rows.find()) {
            documented.add(rows.group(1) + " " + rows.group(2));
        }
        return documented;
    }
}
