package dev.orderly.projection.lookup;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationClaim;
import dev.orderly.command.resource.ReservationClaims;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
import dev.orderly.command.resource.ResourcePrices;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Records every reservation id's claim and every resource's current price as the events are appended. The
 * {@code Resource} aggregate reads the claims to tell a retry from a reused id without remembering every id it ever
 * decided; order intake reads the prices to quote what the {@code Resource} will grant.
 *
 * <p>A claim is inserted, never upserted: two decisions under one reservation id (two nodes deciding it on two
 * resources at once) fail the second command's transaction on the primary key, and its retry then finds the claim.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
class CommandLookups implements ReservationClaims, ResourcePrices {

    static final String PROCESSING_GROUP = "command-lookups";

    private final JdbcTemplate jdbc;

    CommandLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ResourceReservedEvent event) {
        claim(event.reservationId(), event.resourceId(), event.customerId(), event.quantity(), event.orderId());
    }

    @EventHandler
    void on(ReservationRejectedEvent event) {
        claim(event.reservationId(), event.resourceId(), event.customerId(), event.quantity(), event.orderId());
    }

    @EventHandler
    void on(ResourceRegisteredEvent event) {
        Money price = event.unitPrice();
        jdbc.update("INSERT INTO resource_price (resource_id, unit_price, currency) VALUES (?, ?, ?)",
                event.resourceId().toString(), price == null ? null : price.minorUnits(),
                price == null ? null : price.currency());
    }

    @EventHandler
    void on(ResourcePriceChangedEvent event) {
        jdbc.update("UPDATE resource_price SET unit_price = ?, currency = ? WHERE resource_id = ?",
                event.unitPrice().minorUnits(), event.unitPrice().currency(), event.resourceId().toString());
    }

    private void claim(ReservationId reservationId, ResourceId resourceId, CustomerId customerId, int quantity,
                       OrderId orderId) {
        jdbc.update("""
                INSERT INTO reservation_claim (reservation_id, resource_id, customer_id, quantity, order_id)
                VALUES (?, ?, ?, ?, ?)""", reservationId.toString(), resourceId.toString(), customerId.toString(),
                quantity, orderId == null ? null : orderId.toString());
    }

    @Override
    public Optional<ReservationClaim> find(ReservationId reservationId) {
        return jdbc.query("""
                SELECT resource_id, customer_id, quantity, order_id FROM reservation_claim
                WHERE reservation_id = ?""", (rs, row) -> new ReservationClaim(reservationId,
                ResourceId.of(rs.getString(1)), new CustomerId(rs.getString(2)), rs.getInt(3),
                rs.getString(4) == null ? null : OrderId.of(rs.getString(4))), reservationId.toString())
                .stream().findFirst();
    }

    @Override
    public Optional<Entry> find(ResourceId resourceId) {
        return jdbc.query("SELECT unit_price, currency FROM resource_price WHERE resource_id = ?",
                (rs, row) -> new Entry(resourceId, rs.getString(2) == null ? null
                        : new Money(rs.getLong(1), rs.getString(2))), resourceId.toString()).stream().findFirst();
    }
}
