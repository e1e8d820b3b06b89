package dev.orderly.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The API's rate limits. Buckets live in PostgreSQL, so every node draws from the same ones: behind a load balancer a
 * caller gets the budget once, however many nodes it reaches.
 *
 * @param enabled         whether anything is limited at all
 * @param perSecond       commands per second a caller (the authenticated user) may send, sustained: REST requests
 *                        other than GET, HEAD and OPTIONS under {@code /api/} (webhooks excepted) and each GraphQL
 *                        mutation field, aliases counted one by one
 * @param burst           commands a caller may send at once before the sustained rate applies; a GraphQL document
 *                        with more mutations than this can never run
 * @param address         the budget of a client address for requests without credentials and for failed logins
 * @param cleanupInterval how often a node deletes buckets that have been full long enough to be forgotten
 */
@ConfigurationProperties("orderly.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("50") double perSecond,
                                  @DefaultValue("100") int burst,
                                  @DefaultValue Address address,
                                  @DefaultValue("1m") Duration cleanupInterval) {

    /**
     * Requests from one client address ({@code request.getRemoteAddr()}) that carry no credentials, and those whose
     * credentials were refused ({@code 401}). An address out of this budget gets {@code 429} for every request, with
     * or without credentials, before any password is hashed.
     *
     * @param perSecond sustained requests per second
     * @param burst     requests at once
     */
    public record Address(@DefaultValue("0.2") double perSecond, @DefaultValue("20") int burst) {
    }
}
