package dev.orderly.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A GraphQL WebSocket is authenticated once, by its handshake, and may then stay open for hours: a subscription opened
 * with a token that expires in five minutes would go on pushing a customer's order statuses long after the identity
 * provider stopped vouching for the caller. So a session whose caller presented a JWT is closed when the token
 * expires ({@code exp}), with {@link #TOKEN_EXPIRED}: the client opens a new one with a fresh token. The token is the
 * handshake's, or the one {@code connection_init} presented ({@link ConnectionInitAuthentication}), which then
 * replaces the handshake's. Basic callers' sessions carry no expiry and are left alone.
 */
final class TokenExpiryWebSocketHandler extends GraphQlWebSocketHandler {

    /** graphql-transport-ws's code for "unauthorized", which its clients do not retry with the same credentials. */
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "token expired");

    private static final Logger log = LoggerFactory.getLogger(TokenExpiryWebSocketHandler.class);
    private static final String EXPIRY = TokenExpiryWebSocketHandler.class.getName() + ".expiry";

    private final Clock clock;

    TokenExpiryWebSocketHandler(WebGraphQlHandler handler, HttpMessageConverter<?> json, Duration initTimeout,
                                Duration keepAlive, Clock clock) {
        super(handler, json, initTimeout, keepAlive);
        this.clock = clock;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        super.afterConnectionEstablished(session);
        Expiry expiry = new Expiry(session);
        session.getAttributes().put(EXPIRY, expiry);
        expiry.follow(session.getPrincipal());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().remove(EXPIRY) instanceof Expiry expiry) {
            expiry.follow(null);
        }
        super.afterConnectionClosed(session, status);
    }

    /** The session (given by its attributes) is now {@code caller}'s: it closes when their token expires, if ever. */
    static void follow(Map<String, Object> sessionAttributes, Principal caller) {
        if (sessionAttributes.get(EXPIRY) instanceof Expiry expiry) {
            expiry.follow(caller);
        }
    }

    /** The close due when the session's current caller's token expires. */
    private final class Expiry {

        private final WebSocketSession session;
        private Disposable due;

        Expiry(WebSocketSession session) {
            this.session = session;
        }

        synchronized void follow(Principal caller) {
            if (due != null) {
                due.dispose();
                due = null;
            }
            if (caller instanceof JwtAuthenticationToken token && token.getToken().getExpiresAt() != null) {
                Duration left = Duration.between(clock.instant(), token.getToken().getExpiresAt());
                due = Mono.delay(left.isNegative() ? Duration.ZERO : left)
                        .subscribe(tick -> close(session, token.getName()));
            }
        }
    }

    private static void close(WebSocketSession session, String caller) {
        try {
            if (session.isOpen()) {
                log.debug("Closing the GraphQL WebSocket of {}: its token expired", caller);
                session.close(TOKEN_EXPIRED);
            }
        } catch (IOException alreadyGone) {
            // the connection broke as it was being closed: it is closed either way
        }
    }
}
