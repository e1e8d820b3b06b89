package dev.orderly.gateway.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The caller of the current request, read from Spring Security's context. */
@Component
public class Callers {

    public static final String OPS_ROLE = "OPS";
    public static final String CUSTOMER_ROLE = "CUSTOMER";

    public Caller current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The caller behind {@code authentication}; fails if there is none, which the security rules rule out. */
    public static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            throw new IllegalStateException("no authenticated caller; the security rules should have refused this");
        }
        boolean ops = authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + OPS_ROLE).equals(authority.getAuthority()));
        return new Caller(authentication.getName(), ops);
    }
}
