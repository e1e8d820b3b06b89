package dev.orderly.gateway.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.problem.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client (the authenticated caller) for command requests: a client that sends faster than its rate gets {@code 429} with
 * {@code Retry-After} and an RFC 9457 problem, and nothing it sent is accepted. Queries are not limited here.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
class CommandRateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties properties;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    CommandRateLimitFilter(RateLimitProperties properties) {
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !properties.enabled() || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || "OPTIONS".equals(request.getMethod()) || !path.startsWith("/api/")
                || path.startsWith("/api/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket bucket = buckets.computeIfAbsent(client(request), key -> new Bucket(properties.burst()));
        long waitMillis = bucket.take(properties.perSecond(), properties.burst());
        if (waitMillis == 0) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "too many commands from this client; retry after the time in Retry-After");
        problem.setType(ApiProblem.type("rate-limited"));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** Forgets clients whose bucket has been full for a while, so the map does not grow without bound. */
    @Scheduled(fixedDelay = 60_000)
    void forgetIdleClients() {
        buckets.values().removeIf(bucket -> bucket.idleSince(60_000, properties.perSecond(), properties.burst()));
    }

    /**
     * The bucket's key: the authenticated caller (the security filters run first and refuse anonymous commands), or
     * the remote address for anything that gets here without one.
     */
    private String client(HttpServletRequest request) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)) {
            return "caller:" + caller.getName();
        }
        return "address:" + request.getRemoteAddr();
    }

    /** Tokens refill continuously at the sustained rate, up to the burst. */
    private static final class Bucket {

        private double tokens;
        private long updated = System.nanoTime();
        private long lastTaken = updated;

        Bucket(int burst) {
            this.tokens = burst;
        }

        /** Takes a token: 0 when granted, else how many milliseconds until one is available. */
        synchronized long take(double perSecond, int burst) {
            refill(perSecond, burst);
            lastTaken = updated;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1000);
        }

        synchronized boolean idleSince(long millis, double perSecond, int burst) {
            refill(perSecond, burst);
            return tokens >= burst && updated - lastTaken > millis * 1_000_000;
        }

        private void refill(double perSecond, int burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
            updated = now;
        }
    }
}
