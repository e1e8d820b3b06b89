package dev.orderly.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller limits on command requests (POST, PUT, DELETE under {@code /api/}, webhooks excepted). Each node keeps
 * its own buckets: behind a load balancer spreading clients over N nodes, a client gets up to N times the rate.
 *
 * @param enabled          whether command requests are limited at all
 * @param perSecond        sustained command requests per second per client
 * @param burst            requests a client may send at once before the sustained rate applies
 */
@ConfigurationProperties("orderly.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("50") double perSecond,
                                  @DefaultValue("100") int burst) {
}
