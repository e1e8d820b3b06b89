package dev.sandbox.payment;

import dev.sandbox.http.Reply;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The provider's memory of idempotency keys. A key is scoped by method and path ({@code POST /v1/payments},
 * {@code POST /v1/payments/pay_x/capture}, ...). Requests with the same scoped key run one at a time; the first
 * committed answer is kept and replayed to every later request with the same body.
 */
final class IdempotencyStore {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** An operation that may wait (the slow card) and so may be interrupted when the server stops. */
    @FunctionalInterface
    interface Operation {
        Outcome run() throws InterruptedException;
    }

    private record Stored(String fingerprint, Reply reply) {
    }

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Stored> answers = new ConcurrentHashMap<>();

    /**
     * Runs the operation unless the scoped key already has an answer: then the same request gets that answer again
     * (with {@code Idempotent-Replayed: true}) and a different request gets 409 {@code idempotency_key_reused}.
     *
     * @param scopedKey   method, path and key
     * @param fingerprint the canonical request body
     */
    Outcome execute(String scopedKey, String fingerprint, Operation operation) throws InterruptedException {
        ReentrantLock lock = locks.computeIfAbsent(scopedKey, k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            Stored stored = answers.get(scopedKey);
            if (stored != null) {
                if (stored.fingerprint().equals(fingerprint)) {
                    return Outcome.notCommitted(stored.reply().withHeader(REPLAYED_HEADER, "true"));
                }
                return Outcome.notCommitted(Reply.error(409, "idempotency_key_reused",
                        "This Idempotency-Key was already used for a different request to the same endpoint"));
            }
            Outcome outcome = operation.run();
            if (outcome.committed()) {
                answers.put(scopedKey, new Stored(fingerprint, outcome.reply()));
            }
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every stored answer. The locks stay: a request may be holding one. */
    void clear() {
        answers.clear();
    }
}
