package dev.sandbox.warehouse;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * A shipped picklist and the notice that tells the client about it.
 *
 * @param shipmentId     {@code shp_<uuid>}
 * @param picklistId     the picklist that shipped
 * @param orderReference the picklist's order reference
 * @param carrier        always {@code SandboxPost}
 * @param trackingNumber {@code SP} and digits
 * @param shippedAt      when it shipped
 * @param callbackUrl    where the notice goes
 * @param notice         the notice's JSON body exactly as it is posted, every time (redeliveries too)
 */
public record Shipment(String shipmentId, String picklistId, String orderReference, String carrier,
                       String trackingNumber, Instant shippedAt, String callbackUrl, @JsonIgnore String notice) {
}
