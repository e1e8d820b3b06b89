package dev.orderly.saga.warehouse;

import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.ShippingAddress;

import java.util.List;

/**
 * What the warehouse is asked to pick and where to ship it: the body of {@code POST /warehouse/picklists} without the
 * callback, which the client adds when it sends. The effect ledger stores it as JSON when the picklist is decided, so
 * its field names are a stored format: a job reads back what an earlier release wrote.
 *
 * @param orderReference the order's id; the shipment notice names it again
 */
public record Picklist(String orderReference, List<Line> lines, Address shipTo) {

    public Picklist {
        lines = List.copyOf(lines);
    }

    /** The picklist of an order: one line per order line, the resource as the warehouse's article number. */
    public static Picklist of(String orderId, List<OrderLine> lines, ShippingAddress shipTo) {
        return new Picklist(orderId,
                lines.stream().map(line -> new Line(line.resourceId().toString(), line.quantity())).toList(),
                new Address(shipTo.name(), shipTo.street(), shipTo.city(), shipTo.postalCode(), shipTo.country()));
    }

    /** How many units of which article. */
    public record Line(String sku, int quantity) {
    }

    /** Where the parcel goes. */
    public record Address(String name, String street, String city, String postalCode, String country) {
    }
}
