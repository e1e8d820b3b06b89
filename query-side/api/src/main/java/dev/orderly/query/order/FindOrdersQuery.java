package dev.orderly.query.order;

/**
 * A page of orders in id order, optionally only one customer's or only those in one status.
 *
 * @param customerId only this customer's orders, or {@code null}
 * @param status     only orders in this status, or {@code null}
 * @param after      the last id of the previous page, or {@code null}
 */
public record FindOrdersQuery(String customerId, String status, String after, int limit) {
}
