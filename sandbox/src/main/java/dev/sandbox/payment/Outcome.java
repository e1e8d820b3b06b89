package dev.sandbox.payment;

import dev.sandbox.http.Reply;

import java.time.Duration;

/**
 * What a payment operation decided.
 *
 * @param reply          the answer (stored as the idempotency key's answer when {@code committed})
 * @param committed      whether the operation is final: it changed state or reached a decision worth replaying
 * @param answerDelay    how long to wait, after the commit, before answering
 * @param dropConnection whether to drop the connection instead of answering
 */
record Outcome(Reply reply, boolean committed, Duration answerDelay, boolean dropConnection) {

    static Outcome committed(Reply reply) {
        return new Outcome(reply, true, Duration.ZERO, false);
    }

    static Outcome notCommitted(Reply reply) {
        return new Outcome(reply, false, Duration.ZERO, false);
    }

    Outcome answeredAfter(Duration delay) {
        return new Outcome(reply, committed, delay, dropConnection);
    }

    Outcome withDroppedConnection() {
        return new Outcome(reply, committed, answerDelay, true);
    }
}
