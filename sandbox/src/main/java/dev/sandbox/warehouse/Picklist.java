package dev.sandbox.warehouse;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A picklist as the warehouse holds it and answers it (field order is the JSON order).
 *
 * @param picklistId     {@code pck_<uuid>}
 * @param idempotencyKey the {@code Idempotency-Key} of the request that created it
 * @param orderReference the merchant's reference, e.g. the order id
 * @param lines          what to pick, at least one line
 * @param shipTo         the address, or {@code null} when the request had none
 * @param callbackUrl    where the shipment notice goes
 * @param receivedAt     when it was accepted
 * @param status         see {@link PicklistStatus}
 * @param shipmentId     {@code shp_<uuid>} once shipped; left out of the JSON before that
 */
public record Picklist(String picklistId, String idempotencyKey, String orderReference, List<Line> lines,
                       ShipTo shipTo, String callbackUrl, Instant receivedAt, PicklistStatus status,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String shipmentId) {

    public Picklist {
        lines = List.copyOf(lines);
    }

    /** One line: how many of which article. */
    public record Line(String sku, int quantity) {
    }

    /** The delivery address, as the client sent it (every field may be {@code null}). */
    public record ShipTo(String name, String street, String city, String postalCode, String country) {
    }

    Picklist withStatus(PicklistStatus newStatus) {
        return new Picklist(picklistId, idempotencyKey, orderReference, lines, shipTo, callbackUrl, receivedAt,
                newStatus, shipmentId);
    }

    Picklist shipped(String newShipmentId) {
        return new Picklist(picklistId, idempotencyKey, orderReference, lines, shipTo, callbackUrl, receivedAt,
                PicklistStatus.SHIPPED, newShipmentId);
    }
}
