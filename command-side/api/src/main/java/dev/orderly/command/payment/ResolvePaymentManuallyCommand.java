package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator settles a payment that needs attention, on the record: who, what and why. */
public record ResolvePaymentManuallyCommand(@TargetAggregateIdentifier PaymentId paymentId, String operator,
                                            ManualResolution resolution, String note) {
}
