package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;

/**
 * The provider shows no charge (or voided it). Refused while the last attempt may still be settling: a charge sent
 * less than {@code settleWindow} ago could still commit after a look-up found nothing.
 */
public record RecordPaymentCancelledCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason,
                                            Duration settleWindow) {
}
