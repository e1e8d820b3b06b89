package dev.sandbox.warehouse;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a picklist is in the warehouse. */
public enum PicklistStatus {
    /** Accepted and waiting for the ship delay to pass. */
    ACCEPTED,
    /** Accepted while the warehouse was on hold; it ships after the hold is lifted and the ship delay passed. */
    HELD,
    /** Shipped: a shipment exists and its notice is being (or was) delivered. */
    SHIPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
