package dev.orderly.gateway.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Takes one token from the caller's budget for each REST command (any method but GET, HEAD and OPTIONS under
 * {@code /api/}; webhooks are signed by their sender and not a caller's). It runs after Spring Security, which has
 * refused anonymous commands and knows the caller. Past the budget: {@code 429 rate-limited} with
 * {@code Retry-After}, and the command is never seen by its controller. Either way the response carries the
 * {@code RateLimit-Policy} and {@code RateLimit} fields, so a client can pace itself before it is refused.
 */
@Component
class CommandRateLimitFilter extends OncePerRequestFilter {

    private final RateLimitBuckets buckets;

    CommandRateLimitFilter(RateLimitBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !buckets.enabled() || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || "OPTIONS".equals(request.getMethod()) || !path.startsWith("/api/")
                || path.startsWith("/api/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String caller = RateLimitBuckets.caller(SecurityContextHolder.getContext().getAuthentication(),
                request.getRemoteAddr());
        Verdict verdict = buckets.take(buckets.commands(), caller, 1);
        if (!verdict.granted()) {
            TooManyRequests.write(request, response, verdict, "a command");
            return;
        }
        verdict.writeHeaders(response::setHeader);
        chain.doFilter(request, response);
    }
}
