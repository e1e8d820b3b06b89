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
import java.time.Clock;
import java.time.Duration;

/**
 * A GraphQL WebSocket is authenticated once, by its handshake, and may then stay open for hours: a subscription opened
 * with a token that expires in five minutes would go on pushing a customer's order statuses long after the identity
 * provider stopped vouching for the caller. So a session whose caller presented a JWT is closed when the token
 * expires ({@code exp}), with {@link #TOKEN_EXPIRED}: the client opens a new one with a fresh token. Basic callers'
 * sessions carry no expiry and are left alone.
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
        if (session.getPrincipal() instanceof JwtAuthenticationToken token && token.getToken().getExpiresAt() != null) {
            Duration left = Duration.between(clock.instant(), token.getToken().getExpiresAt());
            Disposable expiry = Mono.delay(left.isNegative() ? Duration.ZERO : left)
                    .subscribe(tick -> close(session, token.getName()));
            session.getAttributes().put(EXPIRY, expiry);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().remove(EXPIRY) instanceof Disposable expiry) {
            expiry.dispose();
        }
        super.afterConnectionClosed(session, status);
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
