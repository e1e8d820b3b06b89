package dev.orderly.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Who may call the API.
 *
 * @param mode  {@code basic}: HTTP Basic against {@code users} (the default profile); {@code jwt}: bearer tokens
 *              checked by Spring's resource server ({@code spring.security.oauth2.resourceserver.jwt.*}), with the
 *              subject as the customer id and the {@code roles} claim as roles (the {@code prod} profile)
 * @param users the accounts of {@code basic} mode; passwords are stored hashed ({@code {bcrypt}...})
 * @param rolesClaim the JWT claim that lists a caller's roles
 * @param verifiedCredentialsTtl how long {@code basic} mode recognises a user's password after bcrypt accepted it,
 *              without hashing it again; {@code 0s} checks every request
 * @param jwt   what a token of {@code jwt} mode must say besides being signed by the configured key and current
 * @param streamTickets how long a stream ticket ({@code POST /api/stream-tickets}) may wait to be used
 */
@ConfigurationProperties("orderly.security")
public record SecurityProperties(@DefaultValue("basic") Mode mode, @DefaultValue List<User> users,
                                 @DefaultValue("roles") String rolesClaim,
                                 @DefaultValue("60s") Duration verifiedCredentialsTtl,
                                 @DefaultValue JwtClaims jwt,
                                 @DefaultValue StreamTickets streamTickets) {

    public enum Mode { BASIC, JWT }

    /**
     * A stream ticket stands in for the {@code Authorization} header an {@code EventSource} cannot send, once.
     *
     * @param ttl             how long a ticket may wait before it opens its stream; the stream then lasts as long as
     *                        any ({@code orderly.live.timeout}). Short, because the ticket travels in a URL
     * @param cleanupInterval how often each node deletes tickets that expired unused
     */
    public record StreamTickets(@DefaultValue("60s") Duration ttl, @DefaultValue("1m") Duration cleanupInterval) {

        public StreamTickets {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("orderly.security.stream-tickets.ttl must be positive, not " + ttl);
            }
        }
    }

    /**
     * A signature proves who issued a token, not whom it was issued for: an identity provider signs tokens for every
     * application it serves, with the same key. The audience says the token is meant for Orderly.
     *
     * @param audience the {@code aud} value Orderly is known by at the identity provider; a token whose {@code aud}
     *                 does not contain it is refused. Required in {@code jwt} mode
     * @param issuer   the {@code iss} every token must carry. Spring's {@code issuer-uri} checks it by itself; set
     *                 this when the key is given by {@code public-key-location} or {@code jwk-set-uri}, which check
     *                 no issuer
     */
    public record JwtClaims(String audience, String issuer) {
    }

    /**
     * @param name     the login, which is also the customer id of a customer
     * @param password the hashed password, with its encoder prefix
     * @param roles    {@code CUSTOMER}, {@code OPS} or both
     */
    public record User(String name, String password, List<String> roles) {

        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + "]";
        }
    }
}
