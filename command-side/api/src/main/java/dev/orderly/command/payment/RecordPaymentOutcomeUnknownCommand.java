package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider call of {@code attempt} ended without an answer (timeout, dropped connection, 5xx) and a look-up by
 * key found nothing. Answers whether it was recorded: it is not once the payment was settled some other way.
 */
public record RecordPaymentOutcomeUnknownCommand(@TargetAggregateIdentifier PaymentId paymentId, int attempt,
                                                 String detail) {
}
