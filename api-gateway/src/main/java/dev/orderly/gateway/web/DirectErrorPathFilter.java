package dev.orderly.gateway.web;

import dev.orderly.gateway.problem.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * {@code /error} is where the servlet container forwards a failed request to render its problem; it is open to
 * everyone because an unauthenticated request's failure is rendered there too. Asked for directly it has no failure
 * to render and answered {@code 500} with status {@code 999}: such a request is {@code 404 not-found}, like any
 * path that is not an endpoint. Only the request's first dispatch is filtered, never the container's forward.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 21)
class DirectErrorPathFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.equals("/error") && !path.startsWith("/error/") && !path.startsWith("/error;");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FilterProblems.write(request, response, ApiProblem.notFound(request.getRequestURI()));
    }
}
