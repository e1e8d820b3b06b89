package dev.orderly.gateway.ratelimit;

import dev.orderly.gateway.security.FailedLogins;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One budget per client address, for requests without credentials and failed logins on every door (HTTP through
 * {@link AddressRateLimitFilter}, a WebSocket's {@code connection_init} through {@link FailedLogins}). Its buckets are
 * rows in PostgreSQL, shared by every node. When a take empties a bucket, this node remembers the address until its
 * next token is due and refuses it without asking the database (at most one token's time longer than the bucket
 * would); another node learns it at the next failure it sees from there.
 */
final class AddressBudget implements FailedLogins {

    /** Addresses remembered at once at most; past that, only the database's buckets refuse them. */
    private static final int MAX_REMEMBERED = 10_000;

    private final RateLimitBuckets buckets;
    /** Addresses with an empty bucket, and the {@link System#nanoTime()} at which their next token is due. */
    private final Map<String, Long> exhausted = new ConcurrentHashMap<>();

    AddressBudget(RateLimitBuckets buckets) {
        this.buckets = buckets;
    }

    boolean enabled() {
        return buckets.enabled();
    }

    /** The refusal of an address this node knows to be out of budget, without asking the database. */
    Optional<Verdict> refusal(String address) {
        long now = System.nanoTime();
        Long due = exhausted.get(address);
        if (due == null) {
            return Optional.empty();
        }
        if (due - now > 0) {
            return Optional.of(Verdict.exhausted(buckets.addresses(), due - now));
        }
        exhausted.remove(address, due);
        return Optional.empty();
    }

    /** Takes one token of the address's bucket. */
    Verdict take(String address) {
        Verdict verdict = buckets.take(buckets.addresses(), address, 1);
        long wait = switch (verdict.outcome()) {
            case REFUSED -> verdict.seconds() * 1_000_000_000L;
            case GRANTED -> verdict.remaining() == 0 ? buckets.addresses().perToken().toNanos() : 0;
            case NEVER, UNCHECKED -> 0;
        };
        if (wait > 0) {
            remember(address, System.nanoTime() + wait);
        }
        return verdict;
    }

    @Override
    public boolean exhausted(String address) {
        return enabled() && refusal(address).isPresent();
    }

    @Override
    public void failed(String address) {
        if (enabled()) {
            take(address);
        }
    }

    private void remember(String address, long due) {
        if (exhausted.size() >= MAX_REMEMBERED) {
            long now = System.nanoTime();
            exhausted.values().removeIf(until -> until - now <= 0);
        }
        if (exhausted.size() < MAX_REMEMBERED) {
            exhausted.put(address, due);
        }
    }
}
