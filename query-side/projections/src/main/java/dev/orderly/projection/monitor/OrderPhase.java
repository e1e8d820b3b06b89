package dev.orderly.projection.monitor;

import java.util.Arrays;
import java.util.List;

/**
 * The phase an order is in after each of its events, as the monitor folds them; the names are the order's statuses.
 * The monitor keeps its own copy rather than the aggregate's: it judges what the log says, not what the aggregate
 * would have allowed.
 */
enum OrderPhase {
    PENDING_RESERVATION, PENDING_PAYMENT, CONFIRMED, PICKING, SHIPPED, CANCEL_PENDING, CANCELLED, REJECTED;

    /** Once granted, an order's units are held through these phases, until it ends or its compensation begins. */
    boolean holdsUnits() {
        return this == PENDING_PAYMENT || this == CONFIRMED || this == PICKING;
    }

    boolean terminal() {
        return this == SHIPPED || this == CANCELLED || this == REJECTED;
    }

    static List<OrderPhase> open() {
        return Arrays.stream(values()).filter(phase -> !phase.terminal()).toList();
    }
}
