package dev.orderly.command.order;

import dev.orderly.command.resource.CustomerId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId, CustomerId customerId, String email,
                                List<OrderLine> lines, ShippingAddress shipTo, String cardToken) {
}
