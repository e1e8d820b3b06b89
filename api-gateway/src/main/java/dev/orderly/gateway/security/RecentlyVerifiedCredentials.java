package dev.orderly.gateway.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic sends the password with every request, and checking it against its bcrypt hash is deliberately slow: a
 * client polling for its reservation's outcome would spend most of the node's CPU proving who it is. This provider
 * asks the slow check ({@code verifier}) once, then for {@code ttl} recognises the same user with the same password
 * by a keyed digest (HMAC-SHA-256 under a key made at start-up and never stored), compared in constant time. A wrong
 * password, or a password changed since, misses the entry and goes to the slow check; only successes are kept, at
 * most one per configured user.
 */
final class RecentlyVerifiedCredentials implements AuthenticationProvider {

    private record Verified(byte[] digest, Authentication authentication, Instant until) {
    }

    private final AuthenticationProvider verifier;
    private final Duration ttl;
    private final Clock clock;
    private final SecretKey key;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    RecentlyVerifiedCredentials(AuthenticationProvider verifier, Duration ttl, Clock clock) {
        this.verifier = verifier;
        this.ttl = ttl;
        this.clock = clock;
        try {
            this.key = KeyGenerator.getInstance("HmacSHA256").generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA-256 on this JVM", e);
        }
    }

    @Override
    public Authentication authenticate(Authentication request) throws AuthenticationException {
        if (ttl.isZero() || !(request.getCredentials() instanceof String password)) {
            return verifier.authenticate(request);
        }
        String name = request.getName();
        byte[] digest = digest(name, password);
        Instant now = clock.instant();
        Verified known = verified.get(name);
        if (known != null && now.isBefore(known.until()) && MessageDigest.isEqual(known.digest(), digest)) {
            // a token of its own per request: Spring Security copies the request's details onto the result
            return UsernamePasswordAuthenticationToken.authenticated(known.authentication().getPrincipal(), null,
                    known.authentication().getAuthorities());
        }
        Authentication authentication = verifier.authenticate(request);
        if (authentication != null && authentication.isAuthenticated()) {
            verified.put(name, new Verified(digest, authentication, now.plus(ttl)));
        }
        return authentication;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private byte[] digest(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 failed", e);
        }
    }
}
