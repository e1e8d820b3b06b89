package dev.orderly.query.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * An order that stayed in one phase past the bound the monitor allows it.
 *
 * @param phase the order's phase ({@code PENDING_RESERVATION}, {@code PENDING_PAYMENT}, {@code CONFIRMED},
 *              {@code PICKING}, {@code CANCEL_PENDING}), or {@code CAPTURED_UNSETTLED} for a captured payment
 *              neither shipped nor refunded
 * @param since when the order entered that phase
 * @param bound how long it may stay in it
 */
public record OverdueOrderView(String orderId, String phase, Instant since, Duration bound) {
}
