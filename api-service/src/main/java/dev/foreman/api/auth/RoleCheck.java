package dev.foreman.api.auth;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses, with {@code 403 forbidden}, a request whose key's role is below its endpoint's {@link RequiresRole}. */
final class RoleCheck implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !(request.getAttribute(ApiKeyFilter.PRINCIPAL_ATTRIBUTE) instanceof ApiKeyPrincipal caller)) {
            return true;
        }
        ApiKeyRole required = requiredRole(method, request.getMethod());
        if (!caller.role().includes(required)) {
            throw new ApiProblem(
                    ProblemCode.FORBIDDEN,
                    "This endpoint needs a key with the " + required.wireName() + " role or above; this is a "
                            + caller.role().wireName() + " key. Use a key with that role, or ask an admin of your"
                            + " tenant for one.");
        }
        return true;
    }

    /** The endpoint's declared role, if it declares one. */
    static Optional<ApiKeyRole> declaredRole(HandlerMethod method) {
        RequiresRole onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresRole.class);
        if (onMethod != null) {
            return Optional.of(onMethod.value());
        }
        RequiresRole onType = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresRole.class);
        return Optional.ofNullable(onType).map(RequiresRole::value);
    }

    static ApiKeyRole requiredRole(HandlerMethod method, String httpMethod) {
        return declaredRole(method)
                .orElseGet(() -> HttpMethod.GET.matches(httpMethod) || HttpMethod.HEAD.matches(httpMethod)
                        ? ApiKeyRole.READ_ONLY
                        : ApiKeyRole.MEMBER);
    }
}
