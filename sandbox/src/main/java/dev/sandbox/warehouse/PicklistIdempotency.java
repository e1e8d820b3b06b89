package dev.sandbox.warehouse;

import dev.sandbox.http.Reply;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The warehouse's memory of idempotency keys, with the same rules as the payment provider's: requests with the same
 * scoped key run one at a time, a 2xx answer is kept and replayed (with {@code Idempotent-Replayed: true}) to the same
 * request, and a different request with the key gets 409 {@code idempotency_key_reused}.
 */
final class PicklistIdempotency {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private record Stored(String fingerprint, Reply reply) {
    }

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Stored> answers = new ConcurrentHashMap<>();

    /**
     * Replays, refuses, or runs the operation and keeps its answer when it is 2xx. An exception of the operation (a
     * 400) stores nothing.
     */
    Reply execute(String scopedKey, String fingerprint, Supplier<Reply> operation) throws InterruptedException {
        ReentrantLock lock = locks.computeIfAbsent(scopedKey, k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            Stored stored = answers.get(scopedKey);
            if (stored != null) {
                if (stored.fingerprint().equals(fingerprint)) {
                    return stored.reply().withHeader(REPLAYED_HEADER, "true");
                }
                return Reply.error(409, "idempotency_key_reused",
                        "This Idempotency-Key was already used for a different request to the same endpoint");
            }
            Reply reply = operation.get();
            if (reply.status() / 100 == 2) {
                answers.put(scopedKey, new Stored(fingerprint, reply));
            }
            return reply;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every stored answer. The locks stay: a request may be holding one. */
    void clear() {
        answers.clear();
    }
}
