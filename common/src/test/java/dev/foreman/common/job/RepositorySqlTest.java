package dev.foreman.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.audit.AuditRepository;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.common.tenant.TenantRepository;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the SQL rules of STYLE.md true for every named statement in the repositories. */
class RepositorySqlTest {
    private static final List<Class<?>> REPOSITORIES = List.of(
            JobRepository.class,
            JobAttemptRepository.class,
            OutboxRepository.class,
            TenantRepository.class,
            CallbackRepository.class,
            ScheduleRepository.class,
            AuditRepository.class);
    private static final Pattern POSITIONAL_PARAMETER = Pattern.compile("(?<![:?])\\?(?![|&?])");
    private static final Pattern LOWERCASE_KEYWORD =
            Pattern.compile("(?<![:\\w])(select|from|where|update|insert|delete|returning|order by|limit)\\b");

    @Test
    void everyStatementUsesNamedParametersOnly() throws Exception {
        for (String sql : namedStatements()) {
            assertThat(POSITIONAL_PARAMETER.matcher(sql).find())
                    .as("positional parameter in:%n%s", sql)
                    .isFalse();
        }
    }

    @Test
    void everyStatementWritesItsKeywordsInUpperCase() throws Exception {
        for (String sql : namedStatements()) {
            assertThat(LOWERCASE_KEYWORD.matcher(sql).find())
                    .as("lower-case keyword in:%n%s", sql)
                    .isFalse();
        }
    }

    private static List<String> namedStatements() throws IllegalAccessException {
        List<String> statements = new ArrayList<>();
        for (Class<?> repository : REPOSITORIES) {
            for (Field field : repository.getDeclaredFields()) {
                if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    statements.add((String) field.get(null));
                }
            }
        }
        assertThat(statements).hasSizeGreaterThan(10);
        return statements;
    }
}
