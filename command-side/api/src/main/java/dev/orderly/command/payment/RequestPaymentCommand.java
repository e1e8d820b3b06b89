package dev.orderly.command.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stores the payment intent and its idempotency key; the provider is called only after this is recorded. An intent
 * still unpaid at {@code deadline} is cancelled at the provider.
 */
public record RequestPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, OrderId orderId, Money amount,
                                    String cardToken, Instant deadline) {
}
