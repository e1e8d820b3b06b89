package dev.sandbox.payment;

/**
 * Card numbers that make the provider misbehave on {@code POST /v1/payments}, charged through a token of theirs
 * from {@code POST /v1/tokens}. Any number not listed here succeeds.
 */
public enum MagicCard {

    /** Succeeds. */
    SUCCESS("4242424242424242"),
    /** Declined with {@code card_declined} (402). */
    DECLINED("4000000000000002"),
    /** Declined with {@code insufficient_funds} (402). */
    INSUFFICIENT_FUNDS("4000000000009995"),
    /** Charged and stored, then the answer waits {@code slowAnswerDelay}: the client times out after the commit. */
    TIMEOUT_AFTER_COMMIT("4000000000000077"),
    /** The first two attempts per idempotency key answer 500 without charging; the third succeeds. */
    INTERNAL_ERROR_TWICE("4000000000000119"),
    /** The first two attempts per idempotency key answer 503 with {@code Retry-After: 1}; the third succeeds. */
    UNAVAILABLE_TWICE("4000000000000503"),
    /** Succeeds, but takes {@code slowCardDelay} to charge (the charge commits at the end of the delay). */
    SLOW("4000000000000341"),
    /** The first attempt per idempotency key is charged and stored, then the connection is dropped unanswered. */
    CONNECTION_RESET_AFTER_COMMIT("4000000000000266");

    private final String number;

    MagicCard(String number) {
        this.number = number;
    }

    public String number() {
        return number;
    }

    /** The magic card with this number (spaces and dashes ignored), or {@link #SUCCESS} for any other number. */
    public static MagicCard of(String cardNumber) {
        String digits = cardNumber.replace(" ", "").replace("-", "");
        for (MagicCard card : values()) {
            if (card.number.equals(digits)) {
                return card;
            }
        }
        return SUCCESS;
    }
}
