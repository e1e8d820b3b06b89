package dev.orderly.command.order;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderNeedsAttentionEvent(OrderId orderId, String reason) {
}
