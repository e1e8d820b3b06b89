package dev.orderly.query.order;

import dev.orderly.command.order.OrderId;

public record FindOrderQuery(OrderId orderId) {
}
