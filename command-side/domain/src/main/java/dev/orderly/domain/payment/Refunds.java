package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.payment.RefundId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A payment's refund bookkeeping: what was captured, what refunds were asked for (by refund id, at which amount) and
 * which of them the provider paid. Immutable, so that a payment's state changes only in its event-sourcing handlers;
 * a record, so that its snapshot is its components.
 *
 * @param captured  what the provider captured; null until it did
 * @param requested the sum of the refunds asked for, in the captured currency; null until captured
 * @param asked     every refund asked for, at its amount
 * @param paid      the refunds the provider confirmed
 */
record Refunds(Money captured, Money requested, Map<RefundId, Money> asked, Set<RefundId> paid) {

    static final String REFUND_EXCEEDS_CAPTURED = "refund-exceeds-captured";
    static final String UNKNOWN_REFUND = "unknown-refund";

    /** Before a capture: nothing to refund, no refund known. */
    static final Refunds NONE = new Refunds(null, null, Map.of(), Set.of());

    Refunds {
        asked = Map.copyOf(asked);
        paid = Set.copyOf(paid);
    }

    /** What the provider captured, nothing of it asked back yet. */
    Refunds captured(Money amount) {
        return new Refunds(amount, Money.zero(amount.currency()), asked, paid);
    }

    /** A refund already asked for is not asked again: its repetition changes nothing. */
    boolean known(RefundId refundId) {
        return asked.containsKey(refundId);
    }

    /** Refuses a refund that is not positive, is in another currency, or would take back more than was captured. */
    void refuseUnlessRoomFor(Money amount) {
        if (amount.minorUnits() <= 0 || !amount.currency().equals(captured.currency())) {
            throw new CommandRefusedException(Payment.INVALID_AMOUNT, "a refund must be positive, in "
                    + captured.currency());
        }
        if (requested.plus(amount).exceeds(captured)) {
            throw new CommandRefusedException(REFUND_EXCEEDS_CAPTURED, "refunding " + amount.minorUnits()
                    + " more would exceed the " + captured.minorUnits() + " captured");
        }
    }

    /**
     * The amount at which the provider's payment of a refund is recorded: the one asked for, so the provider cannot
     * change it; empty when that payment is recorded already. A refund never asked for is refused.
     */
    Optional<Money> toRecordAsPaid(RefundId refundId) {
        if (!known(refundId)) {
            throw new CommandRefusedException(UNKNOWN_REFUND, "refund " + refundId + " was never requested");
        }
        return paid.contains(refundId) ? Optional.empty() : Optional.of(asked.get(refundId));
    }

    Refunds asked(RefundId refundId, Money amount) {
        Map<RefundId, Money> next = new HashMap<>(asked);
        next.put(refundId, amount);
        return new Refunds(captured, requested.plus(amount), next, paid);
    }

    Refunds paid(RefundId refundId) {
        Set<RefundId> next = new HashSet<>(paid);
        next.add(refundId);
        return new Refunds(captured, requested, asked, next);
    }
}
