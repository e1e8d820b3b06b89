package dev.orderly.projection.monitor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The bounds past which the monitor reports an order as overdue. The phase timeouts repeat the fulfilment saga's
 * deadlines ({@code orderly.orders.*}) on purpose: the monitor checks the promise the system makes, not the saga's
 * own idea of it, so it reads nothing from the saga. Lengthen both together; a shorter saga deadline needs nothing
 * here.
 *
 * @param captureSettlementBound how long a captured payment may stay neither shipped nor refunded before the monitor
 *                               reports its order as overdue
 * @param reservationTimeout     how long an order may stay reserving (placed, not yet reserved, rejected or
 *                               cancelled); the saga rejects it after {@code orderly.orders.reservation-timeout}
 * @param paymentTimeout         how long a reserved order may wait for its payment (not yet confirmed, rejected or
 *                               cancelled); the saga cancels it after {@code orderly.orders.payment-timeout}
 * @param pickingTimeout         how long a confirmed order may wait for the warehouse to start picking (or ship); the
 *                               saga asks a person after {@code orderly.orders.picking-timeout}
 * @param shipmentTimeout        how long an order may be picked without shipping; the saga escalates or cancels
 *                               after {@code orderly.orders.shipment-timeout}
 * @param compensationTimeout    how long a cancellation may take to release, cancel or refund and complete; no
 *                               deadline of the saga bounds it, the payment jobs' retries do
 * @param phaseSlack             added to each phase timeout before the order counts as overdue: the time the saga
 *                               takes to act on its deadline, more than the one minute its payment safety net waits
 *                               behind the payment's own deadline
 */
@ConfigurationProperties("orderly.monitor")
record MonitorProperties(@DefaultValue("72h") Duration captureSettlementBound,
                         @DefaultValue("2m") Duration reservationTimeout,
                         @DefaultValue("15m") Duration paymentTimeout,
                         @DefaultValue("1h") Duration pickingTimeout,
                         @DefaultValue("48h") Duration shipmentTimeout,
                         @DefaultValue("1h") Duration compensationTimeout,
                         @DefaultValue("2m") Duration phaseSlack) {

    /** How long an order may stay in a phase that is not terminal before it is overdue. */
    Duration bound(OrderPhase phase) {
        Duration timeout = switch (phase) {
            case PENDING_RESERVATION -> reservationTimeout;
            case PENDING_PAYMENT -> paymentTimeout;
            case CONFIRMED -> pickingTimeout;
            case PICKING -> shipmentTimeout;
            case CANCEL_PENDING -> compensationTimeout;
            case SHIPPED, CANCELLED, REJECTED -> throw new IllegalArgumentException(phase + " is terminal");
        };
        return timeout.plus(phaseSlack);
    }
}
