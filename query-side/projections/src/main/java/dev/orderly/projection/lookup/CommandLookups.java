package dev.orderly.projection.lookup;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.command.resource.CustomerHoldings;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationClaim;
import dev.orderly.command.resource.ReservationClaims;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
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
 * Records every reservation id's claim, every resource's current price and the units each customer holds through the
 * API, as the events are appended. The {@code Resource} aggregate reads the claims to tell a retry from a reused id
 * without remembering every id it ever decided, and the holdings to keep a customer within the quota; order intake
 * reads the prices to quote what the {@code Resource} will grant.
 *
 * <p>A claim is inserted, never upserted: two decisions under one reservation id (two nodes deciding it on two
 * resources at once) fail the second command's transaction on the primary key, and its retry then finds the claim.
 *
 * <p>The claims on order ids' payments are written by the command handler itself, not by an event handler after it:
 * the events do not say who asked for a payment, and a claim taken before the first event is applied lets the loser
 * of a race be refused rather than fail. They run on the command's connection (Axon's JDBC event store and this
 * template both take the connection of the Spring transaction the command bus opens), so a claim commits or rolls
 * back with the command's events.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
class CommandLookups implements ReservationClaims, ResourcePrices, CustomerHoldings, OrderPaymentClaims {

    static final String PROCESSING_GROUP = "command-lookups";

    private final JdbcTemplate jdbc;

    CommandLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ResourceReservedEvent event) {
        claim(event.reservationId(), event.resourceId(), event.customerId(), event.quantity(), event.orderId());
        if (event.orderId() == null) {
            jdbc.update("""
                    INSERT INTO customer_holding (customer_id, units) VALUES (?, ?)
                    ON CONFLICT (customer_id) DO UPDATE SET units = customer_holding.units + EXCLUDED.units""",
                    event.customerId().toString(), event.quantity());
        }
    }

    /** The units go back to the customer's quota if they were held through the API (the claim says by whom). */
    @EventHandler
    void on(ReservationReleasedEvent event) {
        jdbc.update("""
                UPDATE customer_holding SET units = GREATEST(units - ?, 0)
                WHERE customer_id = (SELECT customer_id FROM reservation_claim
                                     WHERE reservation_id = ? AND order_id IS NULL)""",
                event.quantity(), event.reservationId().toString());
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
    public int heldUnits(CustomerId customerId) {
        return jdbc.query("SELECT units FROM customer_holding WHERE customer_id = ?", (rs, row) -> rs.getInt(1),
                customerId.toString()).stream().findFirst().orElse(0);
    }

    /** An upsert that changes nothing but locks the customer's row, created if it is the customer's first. */
    @Override
    public int lockHeldUnits(CustomerId customerId) {
        return jdbc.queryForObject("""
                INSERT INTO customer_holding (customer_id, units) VALUES (?, 0)
                ON CONFLICT (customer_id) DO UPDATE SET units = customer_holding.units
                RETURNING units""", Integer.class, customerId.toString());
    }

    @Override
    public Optional<Entry> find(ResourceId resourceId) {
        return jdbc.query("SELECT unit_price, currency FROM resource_price WHERE resource_id = ?",
                (rs, row) -> new Entry(resourceId, rs.getString(2) == null ? null
                        : new Money(rs.getLong(1), rs.getString(2))), resourceId.toString()).stream().findFirst();
    }

    /**
     * The insert ignores a conflict on the key, and PostgreSQL makes it wait for a conflicting row that another
     * transaction has not committed yet; the read after it then sees that row, committed, or this insert's own.
     */
    @Override
    public OrderPaymentClaim claim(OrderPaymentClaim claim) {
        jdbc.update("""
                INSERT INTO order_payment_claim (order_id, origin, amount, currency) VALUES (?, ?, ?, ?)
                ON CONFLICT (order_id) DO NOTHING""", claim.orderId().toString(), claim.origin().name(),
                claim.amount().minorUnits(), claim.amount().currency());
        return find(claim.orderId()).orElseThrow();
    }

    @Override
    public Optional<OrderPaymentClaim> find(OrderId orderId) {
        return jdbc.query("SELECT origin, amount, currency FROM order_payment_claim WHERE order_id = ?",
                (rs, row) -> new OrderPaymentClaim(orderId, PaymentOrigin.valueOf(rs.getString(1)),
                        new Money(rs.getLong(2), rs.getString(3))), orderId.toString()).stream().findFirst();
    }
}
