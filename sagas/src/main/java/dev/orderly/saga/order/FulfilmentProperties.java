package dev.orderly.saga.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The order-fulfilment saga's deadlines and choices.
 *
 * @param reservationTimeout how long the resources may take to decide an order's reservations; the order is
 *                          rejected after it, and what it holds released
 * @param paymentTimeout    how long the customer's payment may take; the payment is cancelled after it
 * @param pickingTimeout    how long the warehouse may take to accept the picklist before a person is asked
 * @param shipmentTimeout   how long the warehouse may take to ship after accepting the picklist
 * @param onShipmentTimeout what happens when it does not: {@code ESCALATE} (a person decides) or
 *                          {@code REFUND_AND_CANCEL}
 */
@ConfigurationProperties("orderly.orders")
public record FulfilmentProperties(@DefaultValue("2m") Duration reservationTimeout,
                                   @DefaultValue("15m") Duration paymentTimeout,
                                   @DefaultValue("1h") Duration pickingTimeout,
                                   @DefaultValue("48h") Duration shipmentTimeout,
                                   @DefaultValue("ESCALATE") ShipmentTimeoutPolicy onShipmentTimeout) {

    public enum ShipmentTimeoutPolicy {
        ESCALATE, REFUND_AND_CANCEL
    }
}
