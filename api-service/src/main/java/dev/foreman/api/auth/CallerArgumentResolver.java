package dev.foreman.api.auth;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller method the authenticated caller as an {@link ApiKeyPrincipal} parameter. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ApiKeyPrincipal.class;
    }

    @Override
    public ApiKeyPrincipal resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object principal = request.getAttribute(ApiKeyFilter.PRINCIPAL_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (principal instanceof ApiKeyPrincipal caller) {
            return caller;
        }
        // Only reachable for a handler outside /v1/, which the filter does not cover.
        throw new ApiProblem(ProblemCode.UNAUTHORIZED);
    }
}
