package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider shows no charge (or voided it). Refused while the last attempt may still be settling: a charge sent
 * less than the {@link SettleWindow} ago could still commit after a look-up found nothing. Older versions sent the
 * window in this command; one of theirs that carries it still reads, the field ignored.
 */
public record RecordPaymentCancelledCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason) {
}
