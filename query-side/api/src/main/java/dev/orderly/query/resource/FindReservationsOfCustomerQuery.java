package dev.orderly.query.resource;

/**
 * One page of a customer's decided reservations in id order.
 *
 * @param after the last id of the previous page, or {@code null} for the first page
 * @param limit how many to return at most
 */
public record FindReservationsOfCustomerQuery(String customerId, String after, int limit) {
}
