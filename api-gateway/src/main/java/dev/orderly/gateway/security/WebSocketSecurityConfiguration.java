package dev.orderly.gateway.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.graphql.GraphQlProperties;
import org.springframework.boot.autoconfigure.http.HttpMessageConverters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

import java.time.Clock;
import java.util.Map;

/**
 * The GraphQL WebSocket endpoint as Spring Boot builds it (same JSON converter, init timeout and keep-alive), with
 * {@link TokenExpiryWebSocketHandler} in place of Boot's handler, which Boot then leaves out, and
 * {@link ConnectionInitAuthentication} checking {@code connection_init}'s credentials as the mode checks HTTP's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.graphql.websocket.path")
class WebSocketSecurityConfiguration {

    @Bean
    GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler handler, GraphQlProperties properties,
                                                    HttpMessageConverters converters) {
        HttpMessageConverter<?> json = converters.getConverters().stream()
                .filter(converter -> converter.canRead(Map.class, MediaType.APPLICATION_JSON))
                .findFirst().orElseThrow(() -> new IllegalStateException("no JSON converter for GraphQL messages"));
        return new TokenExpiryWebSocketHandler(handler, json, properties.getWebsocket().getConnectionInitTimeout(),
                properties.getWebsocket().getKeepAlive(), Clock.systemUTC());
    }

    /**
     * Basic mode checks a password with the provider HTTP Basic uses (bcrypt, then remembered); jwt mode decodes the
     * token with Boot's decoder, whose validators include Orderly's claims, and maps it as the resource server does.
     * A refused {@code connection_init} is a failed login of its address, in the budget HTTP's failed logins take
     * from. Innermost (unordered): it only puts the caller in the context every operation runs in, and the mutation budget,
     * outermost, asks it who the caller is.
     */
    @Bean
    ConnectionInitAuthentication connectionInitAuthentication(SecurityProperties security,
                                                              ObjectProvider<AuthenticationProvider> passwordCheck,
                                                              ObjectProvider<JwtDecoder> tokens,
                                                              ObjectProvider<FailedLogins> failedLogins) {
        FailedLogins budget = failedLogins.getIfAvailable(() -> FailedLogins.NONE);
        if (security.mode() == SecurityProperties.Mode.JWT) {
            var provider = new JwtAuthenticationProvider(tokens.getObject());
            provider.setJwtAuthenticationConverter(SecurityConfiguration.jwtRoles(security));
            return ConnectionInitAuthentication.bearer(new ProviderManager(provider), budget);
        }
        return ConnectionInitAuthentication.basic(new ProviderManager(passwordCheck.getObject()), budget);
    }
}
