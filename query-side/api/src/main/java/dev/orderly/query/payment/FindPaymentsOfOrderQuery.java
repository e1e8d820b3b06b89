package dev.orderly.query.payment;

import dev.orderly.command.order.OrderId;

public record FindPaymentsOfOrderQuery(OrderId orderId) {
}
