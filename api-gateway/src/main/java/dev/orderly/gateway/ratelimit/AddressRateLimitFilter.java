package dev.orderly.gateway.ratelimit;

import dev.orderly.gateway.pages.PagesConfiguration;
import dev.orderly.gateway.security.SecurityProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Limits a client address ({@code request.getRemoteAddr()}) before anyone knows who is calling: requests without
 * credentials, and failed logins (a {@code 401} to a request that carried some). It runs before Spring Security, so
 * an address out of budget is answered {@code 429} before its password is hashed: bcrypt is slow on purpose, and
 * unlimited wrong guesses would be an attack on the CPU as much as on the password. Behind a proxy the remote address
 * is the proxy's; set {@code server.forward-headers-strategy} so that it is the client's.
 *
 * <p>A request without credentials takes its token before it goes on. A failed login is known only once Security has
 * answered it, so it takes its token then; the budget is {@link AddressBudget}'s, which a WebSocket's
 * {@code connection_init} shares. Webhooks (signed by their sender, which may post in bursts), health probes and CORS
 * preflights (which browsers send without credentials before every cross-origin command) are left alone while they
 * carry no credentials, and so are the pages and their files (they hold no data, and one page load is several
 * requests): Spring Security checks a password on any request that sends one, so with a wrong one they are failed
 * logins like any other.
 *
 * <p>Credentials are an {@code Authorization} header of the scheme the API checks ({@code Basic} or {@code Bearer},
 * as {@code orderly.security.mode} says). Spring Security ignores any other, so a request with one is anonymous and
 * takes its token up front like a request without a header.
 */
final class AddressRateLimitFilter extends OncePerRequestFilter {

    private final AddressBudget budget;
    /**
     * The {@code Authorization} scheme Spring Security checks; like Spring, any header that starts with it counts,
     * so that no spelling of it is checked by Security without being counted here.
     */
    private final String scheme;

    AddressRateLimitFilter(AddressBudget budget, SecurityProperties.Mode mode) {
        this.budget = budget;
        this.scheme = mode == SecurityProperties.Mode.JWT ? "bearer" : "basic";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !budget.enabled() || !hasCredentials(request) && ("OPTIONS".equals(request.getMethod())
                || path.startsWith("/api/webhooks/") || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/") || PagesConfiguration.PAGE_REQUESTS.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        Optional<Verdict> known = budget.refusal(address);
        if (known.isPresent()) {
            TooManyRequests.write(request, response, known.get(),
                    "a request from this address (too many failed logins or requests without credentials)");
            return;
        }
        if (!hasCredentials(request)) {
            Verdict verdict = budget.take(address);
            if (!verdict.granted()) {
                TooManyRequests.write(request, response, verdict, "a request without credentials from this address");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            budget.take(address);
        }
    }

    private boolean hasCredentials(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.strip().regionMatches(true, 0, scheme, 0, scheme.length());
    }
}
