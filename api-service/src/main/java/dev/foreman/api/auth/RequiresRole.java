package dev.foreman.api.auth;

import dev.foreman.common.tenant.ApiKeyRole;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a {@code /v1} endpoint needs (roles include the ones below them: {@code operator}
 * ⊇ {@code admin} ⊇ {@code member} ⊇ {@code read_only}). On a method, or on a controller for all of
 * its methods. A key below it answers {@code 403 forbidden}. An endpoint without one falls back to
 * {@code read_only} for GET and {@code member} for other methods, and {@code AccessIsolationIT}
 * fails until it names its role.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresRole {
    ApiKeyRole value();
}
