package dev.orderly.gateway.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.graphql.GraphQlProperties;
import org.springframework.boot.autoconfigure.http.HttpMessageConverters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;

import java.time.Clock;
import java.util.Map;

/**
 * The GraphQL WebSocket endpoint as Spring Boot builds it (same JSON converter, init timeout and keep-alive), with
 * {@link TokenExpiryWebSocketHandler} in place of Boot's handler, which Boot then leaves out.
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
}
