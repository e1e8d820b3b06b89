package dev.orderly.domain.order;

/** The explicit states of an order; the pending ones block commands that would conflict with the running saga. */
enum OrderStatus {
    PENDING_RESERVATION, PENDING_PAYMENT, CONFIRMED, PICKING, SHIPPED, CANCEL_PENDING, CANCELLED, REJECTED
}
