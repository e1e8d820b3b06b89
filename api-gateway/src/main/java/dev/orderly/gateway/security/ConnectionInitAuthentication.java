package dev.orderly.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * Authenticates a GraphQL WebSocket by its {@code connection_init} payload, {@code {"Authorization": "Bearer ..."}}
 * or {@code {"Authorization": "Basic ..."}} (the scheme of {@code orderly.security.mode}), since a browser cannot put
 * a header on a WebSocket handshake. The handshake is therefore let through without credentials (its {@code Origin}
 * is still checked); one that carried them is authenticated by Spring Security as before and needs no payload.
 * A {@code connection_init} with no identity from either, or with credentials that fail the same checks as over
 * HTTP (bcrypt, or the token's signature, audience, issuer and expiry), is refused: the connection is closed with
 * {@code 4401 Unauthorized} before any operation can run. The identity it proves runs every operation of the
 * connection, and a token's expiry closes the connection as it does a handshake's
 * ({@link TokenExpiryWebSocketHandler}).
 */
public final class ConnectionInitAuthentication implements WebSocketGraphQlInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ConnectionInitAuthentication.class);
    /** The session attribute holding the security context that {@code connection_init} proved. */
    private static final String CONTEXT = ConnectionInitAuthentication.class.getName() + ".context";
    /** Where Spring Security's context-propagation accessor finds the context when operations run. */
    private static final String CONTEXT_KEY = SecurityContext.class.getName();

    private final String scheme;
    private final Function<String, Authentication> credentials;
    private final AuthenticationManager authentication;
    private final FailedLogins failedLogins;

    /**
     * @param scheme         the {@code Authorization} scheme checked, {@code Basic} or {@code Bearer}
     * @param credentials    what the header's value after the scheme claims, as an unauthenticated token
     * @param authentication checks that claim as HTTP requests are checked
     * @param failedLogins   the per-address budget of failed logins that HTTP requests take from too
     */
    private ConnectionInitAuthentication(String scheme, Function<String, Authentication> credentials,
                                         AuthenticationManager authentication, FailedLogins failedLogins) {
        this.scheme = scheme;
        this.credentials = credentials;
        this.authentication = authentication;
        this.failedLogins = failedLogins;
    }

    /** Basic mode: a user and password, checked by the same provider as HTTP Basic. */
    static ConnectionInitAuthentication basic(AuthenticationManager passwords, FailedLogins failedLogins) {
        return new ConnectionInitAuthentication("Basic", ConnectionInitAuthentication::userAndPassword, passwords,
                failedLogins);
    }

    /** JWT mode: a bearer token, decoded and validated as the resource server does for HTTP. */
    static ConnectionInitAuthentication bearer(AuthenticationManager tokens, FailedLogins failedLogins) {
        return new ConnectionInitAuthentication("Bearer", BearerTokenAuthenticationToken::new, tokens, failedLogins);
    }

    /**
     * The caller of a GraphQL WebSocket: whom its {@code connection_init} proved, else whom its handshake did; none
     * before {@code connection_init} was accepted on a handshake without credentials.
     */
    public static Mono<Principal> caller(WebSocketSessionInfo session) {
        if (session.getAttributes().get(CONTEXT) instanceof SecurityContext proved) {
            return Mono.just(proved.getAuthentication());
        }
        return session.getPrincipal().filter(ConnectionInitAuthentication::known);
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object header = authorization(payload);
        if (header == null) {
            return session.getPrincipal().filter(ConnectionInitAuthentication::known)
                    .switchIfEmpty(Mono.error(() -> refused(session, new InsufficientAuthenticationException(
                            "no credentials in connection_init or on the handshake"))))
                    .then(Mono.empty());
        }
        String address = address(session);
        if (failedLogins.exhausted(address)) {
            // Checked before the password is hashed, as HTTP's limit is: a guesser gains nothing by switching doors.
            return Mono.error(refused(session, new InsufficientAuthenticationException(
                    "too many failed logins from this address; try again later")));
        }
        return Mono.fromCallable(() -> authenticate(header))
                .doOnError(AuthenticationException.class, failure -> failedLogins.failed(address))
                .onErrorMap(AuthenticationException.class, failure -> refused(session, failure))
                .doOnNext(caller -> {
                    session.getAttributes().put(CONTEXT, new SecurityContextImpl(caller));
                    TokenExpiryWebSocketHandler.follow(session.getAttributes(), caller);
                })
                .then(Mono.empty());
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest socket)) {
            return chain.next(request);
        }
        if (socket.getSessionInfo().getAttributes().get(CONTEXT) instanceof SecurityContext proved) {
            return chain.next(request).contextWrite(Context.of(CONTEXT_KEY, proved));
        }
        // Spring GraphQL runs nothing before connection_init is acknowledged, which needs an identity; this only
        // keeps it so should that ever change.
        return caller(socket.getSessionInfo()).hasElement().flatMap(known -> known ? chain.next(request)
                : Mono.error(new InsufficientAuthenticationException("the connection has no authenticated caller")));
    }

    private Authentication authenticate(Object header) {
        if (!(header instanceof String value) || !value.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            throw new BadCredentialsException("connection_init's Authorization is not a " + scheme + " credential");
        }
        Authentication proved = authentication.authenticate(credentials.apply(value.substring(scheme.length() + 1)
                .strip()));
        if (proved == null || !proved.isAuthenticated()) {
            throw new BadCredentialsException("connection_init's credentials were not accepted");
        }
        return proved;
    }

    private static UsernamePasswordAuthenticationToken userAndPassword(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new BadCredentialsException("connection_init's Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new BadCredentialsException("connection_init's Basic credentials have no password");
        }
        return UsernamePasswordAuthenticationToken.unauthenticated(decoded.substring(0, colon),
                decoded.substring(colon + 1));
    }

    /**
     * The {@code Authorization} member, whatever its case, as HTTP header names are; one that is {@code null} is
     * there, and is no credential ({@code ""}).
     */
    private static Object authorization(Map<String, Object> payload) {
        if (payload == null) {
            return null;
        }
        for (Map.Entry<String, Object> member : payload.entrySet()) {
            if (HttpHeaders.AUTHORIZATION.equalsIgnoreCase(member.getKey())) {
                return member.getValue() == null ? "" : member.getValue();
            }
        }
        return null;
    }

    /** The client's address as the HTTP filters see it ({@code getRemoteAddr()}, a proxy's header applied). */
    private static String address(WebSocketSessionInfo session) {
        return session.getRemoteAddress() == null ? "unknown" : session.getRemoteAddress().getHostString();
    }

    private static boolean known(Principal principal) {
        return !(principal instanceof AnonymousAuthenticationToken)
                && !(principal instanceof Authentication proved && !proved.isAuthenticated());
    }

    /** Logs the reason, never the credentials; the handler closes the connection with 4401 on any error. */
    private static AuthenticationException refused(WebSocketSessionInfo session, AuthenticationException failure) {
        log.debug("Refused the connection_init of GraphQL WebSocket {} from {}: {}", session.getId(),
                session.getRemoteAddress(), failure.getMessage());
        return failure;
    }
}
