package dev.orderly.gateway.ratelimit;

import io.github.bucket4j.BucketConfiguration;

import java.time.Duration;

/**
 * One budget: a token bucket of {@code burst} tokens refilled continuously at {@code perSecond}, one bucket per
 * subject (a caller or a client address). Its name is the policy's identifier in the {@code RateLimit-Policy} and
 * {@code RateLimit} fields.
 */
record Policy(String name, int burst, double perSecond) {

    Policy {
        if (burst < 1 || !(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate limit '" + name + "' needs burst >= 1 and per-second > 0, not "
                    + burst + " and " + perSecond);
        }
    }

    /** The bucket's configuration: greedy refill, so tokens come back one by one rather than all at a window's end. */
    BucketConfiguration configuration() {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(burst, untilFull()))
                .build();
    }

    /**
     * The bucket's row id. It names the limits, so that a changed limit starts new buckets: a stored bucket keeps the
     * configuration it was created with, and an active caller's bucket would never expire to pick up the new one.
     */
    String key(String subject) {
        return name + "/" + burst + "/" + perSecond + "/" + subject;
    }

    /** How long an empty bucket takes to fill again: the policy's window. */
    Duration untilFull() {
        return Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
    }

    /** How long one token takes to come back. */
    Duration perToken() {
        return Duration.ofNanos((long) Math.ceil(1e9 / perSecond));
    }

    /** This policy as a member of {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers): quota and window. */
    String field() {
        return "\"" + name + "\";q=" + burst + ";w=" + seconds(untilFull().toNanos());
    }

    /** Nanoseconds as whole seconds, rounded up, at least one: what {@code Retry-After} and {@code t} may say. */
    static long seconds(long nanos) {
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
