package dev.orderly.command.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stores the payment intent and its idempotency key; the provider is called only after this is recorded. An intent
 * still unpaid at {@code deadline} is cancelled at the provider.
 *
 * @param origin who asks: the order's fulfilment or the payments API. A command stored by the API's outbox before
 *               origins were sent has none, and the outbox only ever held the payments API's, so none means that.
 */
public record RequestPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, OrderId orderId, Money amount,
                                    String cardToken, Instant deadline, PaymentOrigin origin) {

    public RequestPaymentCommand {
        origin = origin == null ? PaymentOrigin.PAYMENTS_API : origin;
    }
}
