package dev.orderly.gateway.ratelimit;

import dev.orderly.gateway.security.SecurityProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits a client address ({@code request.getRemoteAddr()}) before anyone knows who is calling: requests without
 * credentials, and failed logins (a {@code 401} to a request that carried some). It runs before Spring Security, so
 * an address out of budget is answered {@code 429} before its password is hashed: bcrypt is slow on purpose, and
 * unlimited wrong guesses would be an attack on the CPU as much as on the password. Behind a proxy the remote address
 * is the proxy's; set {@code server.forward-headers-strategy} so that it is the client's.
 *
 * <p>A request without credentials takes its token before it goes on. A failed login is known only once Security has
 * answered it, so it takes its token then. When a take empties the bucket, this node remembers the address until its
 * next token is due and refuses it without asking the database (at most one token's time longer than the bucket
 * would); another node learns it at the next failure it sees from there, so across N nodes an address gets at most
 * N - 1 failed logins beyond its budget in that time. Webhooks (signed by their sender, which may post in bursts),
 * health probes and CORS preflights (which browsers send without credentials before every cross-origin command) are
 * left alone while they carry no credentials: Spring Security checks a password on any request that sends one, so
 * with a wrong one they are failed logins like any other.
 *
 * <p>Credentials are an {@code Authorization} header of the scheme the API checks ({@code Basic} or {@code Bearer},
 * as {@code orderly.security.mode} says). Spring Security ignores any other, so a request with one is anonymous and
 * takes its token up front like a request without a header.
 */
final class AddressRateLimitFilter extends OncePerRequestFilter {

    /** Addresses remembered at once at most; past that, only the database's buckets refuse them. */
    private static final int MAX_REMEMBERED = 10_000;

    private final RateLimitBuckets buckets;
    /**
     * The {@code Authorization} scheme Spring Security checks; like Spring, any header that starts with it counts,
     * so that no spelling of it is checked by Security without being counted here.
     */
    private final String scheme;
    /** Addresses with an empty bucket, and the {@link System#nanoTime()} at which their next token is due. */
    private final Map<String, Long> exhausted = new ConcurrentHashMap<>();

    AddressRateLimitFilter(RateLimitBuckets buckets, SecurityProperties.Mode mode) {
        this.buckets = buckets;
        this.scheme = mode == SecurityProperties.Mode.JWT ? "bearer" : "basic";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !buckets.enabled() || !hasCredentials(request) && ("OPTIONS".equals(request.getMethod())
                || path.startsWith("/api/webhooks/") || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        long now = System.nanoTime();
        Long due = exhausted.get(address);
        if (due != null && due - now > 0) {
            TooManyRequests.write(request, response, Verdict.exhausted(buckets.addresses(), due - now),
                    "a request from this address (too many failed logins or requests without credentials)");
            return;
        }
        if (due != null) {
            exhausted.remove(address, due);
        }
        if (!hasCredentials(request)) {
            Verdict verdict = take(address);
            if (!verdict.granted()) {
                TooManyRequests.write(request, response, verdict, "a request without credentials from this address");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            take(address);
        }
    }

    private boolean hasCredentials(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.strip().regionMatches(true, 0, scheme, 0, scheme.length());
    }

    private Verdict take(String address) {
        Verdict verdict = buckets.take(buckets.addresses(), address, 1);
        long wait = switch (verdict.outcome()) {
            case REFUSED -> verdict.seconds() * 1_000_000_000L;
            case GRANTED -> verdict.remaining() == 0 ? buckets.addresses().perToken().toNanos() : 0;
            case NEVER, UNCHECKED -> 0;
        };
        if (wait > 0) {
            remember(address, System.nanoTime() + wait);
        }
        return verdict;
    }

    private void remember(String address, long due) {
        if (exhausted.size() >= MAX_REMEMBERED) {
            long now = System.nanoTime();
            exhausted.values().removeIf(until -> until - now <= 0);
        }
        if (exhausted.size() < MAX_REMEMBERED) {
            exhausted.put(address, due);
        }
    }
}
