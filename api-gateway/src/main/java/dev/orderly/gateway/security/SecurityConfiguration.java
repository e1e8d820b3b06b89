package dev.orderly.gateway.security;

import dev.orderly.gateway.pages.PagesConfiguration;
import dev.orderly.gateway.pages.PagesProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.orderly.gateway.security.Callers.OPS_ROLE;

/**
 * Who may call what. Customers authenticate (HTTP Basic against configured users by default, JWT bearer tokens in
 * production) and reach only their own orders and reservations, which the controllers enforce with a {@code 404}.
 * Operator endpoints, the monitor, metrics and build details need {@code OPS}, as do changes to the resource
 * catalogue. Webhooks carry no user: their HMAC signature is checked by their controller. A browser's
 * {@code EventSource}, which cannot send a header, opens an order's event stream with a single-use stream ticket
 * instead ({@link StreamTicketFilter}). The API keeps no sessions, so it needs no CSRF token.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, StreamTickets tickets,
                            PagesProperties pages, @Value("${spring.graphql.websocket.path:}") String webSocketPath)
            throws Exception {
        boolean jwt = properties.mode() == SecurityProperties.Mode.JWT;
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(jwt ? "Bearer" : "Basic realm=\"orderly\"");
        // Before the header schemes' filters, so that a request with a ticket and a header is the header's caller's.
        http.addFilterBefore(new StreamTicketFilter(tickets, problems), BearerTokenAuthenticationFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // Only on the app's own pages: Swagger UI and GraphiQL bring inline scripts of their own.
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        PagesConfiguration.PAGE_REQUESTS, new StaticHeadersWriter("Content-Security-Policy",
                        PagesConfiguration.contentSecurityPolicy(pages)))))
                .authorizeHttpRequests(requests -> requests
                        // The second dispatch of a streamed answer (SSE) was authorised by its first.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        // Build and git details (/actuator/info) are for operators: they name the exact build,
                        // which is all a caller needs to pick the known flaws of that build.
                        .requestMatchers("/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                                "/graphiql", "/graphiql/**", "/error").permitAll()
                        // A browser cannot authenticate a handshake; connection_init does instead.
                        .requestMatchers(webSocketHandshake(webSocketPath)).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/**").permitAll()
                        // The pages and their assets hold no data: they sign in and then call the API like any client.
                        .requestMatchers(PagesConfiguration.PAGE_REQUESTS).permitAll()
                        .requestMatchers("/api/ops/**", "/api/monitor", "/api/monitor/**", "/actuator/**")
                        .hasRole(OPS_ROLE)
                        .requestMatchers(HttpMethod.POST, "/api/resources").hasRole(OPS_ROLE)
                        .requestMatchers(HttpMethod.PUT, "/api/resources/*/capacity").hasRole(OPS_ROLE)
                        .requestMatchers(HttpMethod.PUT, "/api/resources/*/price").hasRole(OPS_ROLE)
                        .anyRequest().authenticated());
        if (jwt) {
            http.oauth2ResourceServer(server -> server
                    .authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    .jwt(token -> token.jwtAuthenticationConverter(jwtRoles(properties))));
        } else {
            http.httpBasic(basic -> basic.realmName("orderly").authenticationEntryPoint(problems));
        }
        return http.build();
    }

    /**
     * The GraphQL WebSocket's handshake; when the WebSocket is off, nothing. A handshake that carries credentials is
     * still checked by them, and refused {@code 401} if they are wrong.
     */
    private static RequestMatcher webSocketHandshake(String path) {
        if (path.isBlank()) {
            return request -> false;
        }
        RequestMatcher get = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path);
        return request -> get.matches(request) && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    }

    /** The users of {@code basic} mode. In {@code jwt} mode there are none: the token's issuer vouches for callers. */
    @Bean
    @ConditionalOnProperty(name = "orderly.security.mode", havingValue = "basic", matchIfMissing = true)
    UserDetailsService users(SecurityProperties properties) {
        var manager = new InMemoryUserDetailsManager();
        for (SecurityProperties.User user : properties.users()) {
            // Stored as configured, already hashed with its encoder prefix; Spring's delegating encoder checks it.
            manager.createUser(User.withUsername(user.name()).password(user.password())
                    .roles(user.roles().toArray(String[]::new)).build());
        }
        return manager;
    }

    /**
     * Basic mode's password check: bcrypt against {@code users}, remembered for
     * {@code orderly.security.verified-credentials-ttl} so that a busy client does not pay the hash on every request.
     */
    @Bean
    @ConditionalOnProperty(name = "orderly.security.mode", havingValue = "basic", matchIfMissing = true)
    AuthenticationProvider passwordCheck(UserDetailsService users, SecurityProperties properties) {
        var bcrypt = new DaoAuthenticationProvider(users);
        bcrypt.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return new RecentlyVerifiedCredentials(bcrypt, properties.verifiedCredentialsTtl(), Clock.systemUTC());
    }

    /**
     * What a token of {@code jwt} mode must say, on top of Spring Boot's checks (signature, {@code exp} and
     * {@code nbf}, and the issuer when {@code issuer-uri} gives the key): that it is meant for Orderly
     * ({@code aud}), when it expires (a WebSocket is closed then, and a token without {@code exp} would never expire),
     * and, when configured, who issued it. Boot adds every such bean to its decoder's validators.
     */
    @Bean
    @ConditionalOnProperty(name = "orderly.security.mode", havingValue = "jwt")
    OAuth2TokenValidator<Jwt> orderlyTokenClaims(SecurityProperties properties) {
        SecurityProperties.JwtClaims claims = properties.jwt();
        if (claims.audience() == null || claims.audience().isBlank()) {
            throw new IllegalStateException("orderly.security.jwt.audience is not set: in jwt mode a token must name "
                    + "Orderly in its aud claim, or a token the identity provider issued for another application "
                    + "would be accepted");
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                new JwtAudienceValidator(claims.audience()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull)));
        if (claims.issuer() != null && !claims.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(claims.issuer()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    static Converter<Jwt, AbstractAuthenticationToken> jwtRoles(SecurityProperties properties) {
        var roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(properties.rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return jwt -> {
            // The subject is the caller's name and customer id; without one, the ownership checks had no name to
            // compare and failed with a 500. An authentication failure here is a 401 like any bad token.
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                throw new InvalidBearerTokenException("the token has no subject (sub), which names the caller");
            }
            return converter.convert(jwt);
        };
    }
}
