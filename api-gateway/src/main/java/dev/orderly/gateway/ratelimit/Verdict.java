package dev.orderly.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import org.springframework.http.HttpHeaders;

import java.util.function.BiConsumer;

/**
 * What a take from a bucket decided, and what the response tells the client about it: the {@code RateLimit-Policy}
 * and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers, and {@code Retry-After} when refused.
 *
 * @param remaining tokens left in the bucket
 * @param seconds   when granted, the seconds until the bucket is full again; when refused, until the tokens asked
 *                  for are there (the {@code Retry-After}, which the draft asks {@code t} to match)
 */
record Verdict(Policy policy, Outcome outcome, long requested, long remaining, long seconds) {

    static final String POLICY_FIELD = "RateLimit-Policy";
    static final String LIMIT_FIELD = "RateLimit";

    enum Outcome {
        GRANTED,
        REFUSED,
        /** More tokens asked for than the bucket holds when full: no wait makes it possible. */
        NEVER,
        /** The buckets could not be reached; the request goes on unlimited rather than fail for want of a limit. */
        UNCHECKED
    }

    static Verdict of(Policy policy, long requested, ConsumptionProbe probe) {
        return probe.isConsumed()
                ? new Verdict(policy, Outcome.GRANTED, requested, probe.getRemainingTokens(),
                        Policy.seconds(probe.getNanosToWaitForReset()))
                : new Verdict(policy, Outcome.REFUSED, requested, probe.getRemainingTokens(),
                        Policy.seconds(probe.getNanosToWaitForRefill()));
    }

    /** A refusal this node already knows of, without asking the buckets: nothing left for {@code nanos}. */
    static Verdict exhausted(Policy policy, long nanos) {
        return new Verdict(policy, Outcome.REFUSED, 1, 0, Policy.seconds(nanos));
    }

    static Verdict never(Policy policy, long requested) {
        return new Verdict(policy, Outcome.NEVER, requested, 0, 0);
    }

    static Verdict unchecked(Policy policy, long requested) {
        return new Verdict(policy, Outcome.UNCHECKED, requested, 0, 0);
    }

    boolean granted() {
        return outcome == Outcome.GRANTED || outcome == Outcome.UNCHECKED;
    }

    /** Sets the rate-limit fields (and {@code Retry-After} on a refusal) through {@code header}. */
    void writeHeaders(BiConsumer<String, String> header) {
        if (outcome == Outcome.UNCHECKED) {
            return;
        }
        header.accept(POLICY_FIELD, policy.field());
        if (outcome == Outcome.NEVER) {
            return;
        }
        header.accept(LIMIT_FIELD, "\"" + policy.name() + "\";r=" + remaining + ";t=" + seconds);
        if (outcome == Outcome.REFUSED) {
            header.accept(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
    }

    /** The problem's detail: what was refused, and when to come back. */
    String detail(String what) {
        return outcome == Outcome.NEVER
                ? what + " needs " + requested + " tokens, more than the whole budget of " + policy.burst()
                        + "; send fewer at once"
                : what + " needs " + requested + (requested == 1 ? " token" : " tokens") + " and " + remaining
                        + " are left; retry in " + seconds + " s";
    }
}
