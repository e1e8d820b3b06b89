package dev.orderly.command.order;

import dev.orderly.command.Money;
import dev.orderly.command.resource.CustomerId;
import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderPlacedEvent(OrderId orderId, CustomerId customerId, String email, List<OrderLine> lines,
                               Money total, ShippingAddress shipTo, String cardToken) {
}
