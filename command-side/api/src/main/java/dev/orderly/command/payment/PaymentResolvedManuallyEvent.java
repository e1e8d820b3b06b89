package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentResolvedManuallyEvent(PaymentId paymentId, OrderId orderId, String operator,
                                           ManualResolution resolution, String note) {
}
