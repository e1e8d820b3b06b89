package dev.orderly.gateway.ratelimit;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.security.Principal;
import java.time.Duration;

/**
 * The rate-limit buckets, kept by Bucket4j in PostgreSQL ({@code rate_limit_bucket}), so every node draws from the
 * same ones. A take is one short transaction of its own ({@code SELECT ... FOR UPDATE} of the bucket's row, its
 * {@code UPDATE}, {@code COMMIT}) on a connection Bucket4j takes from the pool itself: it never joins, or waits
 * inside, a request's other work, and the filters and the GraphQL instrumentation that call it run outside any
 * transaction. Refill is computed from each node's clock, which the nodes must keep in step (NTP), as the webhook
 * signatures' tolerance already assumes.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitBuckets {

    private static final Logger log = LoggerFactory.getLogger(RateLimitBuckets.class);
    /** How long a bucket stays after it would be full again; a full bucket and no bucket are the same. */
    private static final Duration KEPT_WHEN_FULL = Duration.ofSeconds(10);
    private static final int CLEANUP_BATCH = 1_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final boolean enabled;
    private final Policy commands;
    private final Policy addresses;

    RateLimitBuckets(DataSource dataSource, RateLimitProperties properties) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEPT_WHEN_FULL))
                .build();
        this.enabled = properties.enabled();
        this.commands = new Policy("commands", properties.burst(), properties.perSecond());
        this.addresses = new Policy("address", properties.address().burst(), properties.address().perSecond());
    }

    boolean enabled() {
        return enabled;
    }

    /** The per-caller budget of REST commands and GraphQL mutations. */
    Policy commands() {
        return commands;
    }

    /** The per-address budget of requests without credentials and of failed logins. */
    Policy addresses() {
        return addresses;
    }

    /** Takes {@code tokens} from {@code subject}'s bucket of {@code policy}: all of them, or none. */
    Verdict take(Policy policy, String subject, long tokens) {
        if (tokens > policy.burst()) {
            return Verdict.never(policy, tokens);
        }
        try {
            return Verdict.of(policy, tokens, buckets.builder().build(policy.key(subject), policy::configuration)
                    .tryConsumeAndReturnRemaining(tokens));
        } catch (BucketExceptions.BucketExecutionException unreachable) {
            // The request will meet the same database and answer 503 there if it needs it; refusing it here for
            // want of a limit would turn a database hiccup into an outage of every command.
            log.warn("Rate limit {} not checked for {}: {}", policy.name(), subject, unreachable.toString());
            return Verdict.unchecked(policy, tokens);
        }
    }

    /**
     * The subject of the per-caller budget: the authenticated user, or the address when there is none (the security
     * rules refuse anonymous commands before they get here, so that is only a safety net).
     */
    static String caller(Principal principal, String address) {
        boolean known = principal instanceof Authentication authentication
                ? authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken)
                : principal != null;
        return known ? "user:" + principal.getName() : "address:" + address;
    }

    /** Deletes buckets past their expiry, in batches; every node runs it, and they skip each other's locked rows. */
    @Scheduled(fixedDelayString = "${orderly.rate-limit.cleanup-interval:1m}")
    void removeExpired() {
        try {
            int removed;
            do {
                removed = buckets.removeExpired(CLEANUP_BATCH);
            } while (removed == CLEANUP_BATCH);
        } catch (BucketExceptions.BucketExecutionException unreachable) {
            log.warn("Expired rate-limit buckets not removed this time: {}", unreachable.toString());
        }
    }
}
