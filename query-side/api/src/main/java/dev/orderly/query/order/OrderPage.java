package dev.orderly.query.order;

import java.util.List;

/** A page of orders; {@code nextCursor} is {@code null} on the last page. */
public record OrderPage(List<OrderView> items, String nextCursor) {
}
