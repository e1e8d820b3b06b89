package dev.orderly.domain.order;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.CompleteOrderCancellationCommand;
import dev.orderly.command.order.ConfirmOrderCommand;
import dev.orderly.command.order.MarkOrderReservedCommand;
import dev.orderly.command.order.MarkOrderShippedCommand;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderRejectedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.order.PlaceOrderCommand;
import dev.orderly.command.order.RejectOrderCommand;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.order.StartPickingCommand;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.domain.InMemoryOrderPaymentClaims;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTest {

    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000b1");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final ResourceId LAMP = ResourceId.of("00000000-0000-0000-0000-0000000000c1");
    private static final ResourceId DESK = ResourceId.of("00000000-0000-0000-0000-0000000000c2");
    private static final ShippingAddress ADDRESS = new ShippingAddress("Alice", "1 Main St", "Springfield", "12345",
            "DE");
    private static final List<OrderLine> LINES = List.of(new OrderLine(LAMP, 2, new Money(1500, "EUR")),
            new OrderLine(DESK, 1, new Money(9900, "EUR")));
    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-0000000000d1");
    private static final String TOKEN = "tok_5f3a9c0e1b7d4a2c8e6f0b1d";

    private FixtureConfiguration<Order> fixture;
    private InMemoryOrderPaymentClaims claims;

    @BeforeEach
    void newFixture() {
        fixture = new AggregateTestFixture<>(Order.class);
        claims = new InMemoryOrderPaymentClaims();
        fixture.registerInjectableResource(claims);
    }

    private static OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, ALICE, "alice@example.com", LINES, new Money(12900, "EUR"), ADDRESS,
                TOKEN);
    }

    @Test
    void places_an_order_with_its_total() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrderCommand(ORDER, ALICE, "alice@example.com", LINES, ADDRESS, TOKEN))
               .expectEvents(placed());
    }

    @Test
    void placing_an_order_takes_its_payment_for_the_fulfilment() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrderCommand(ORDER, ALICE, "alice@example.com", LINES, ADDRESS, TOKEN))
               .expectSuccessfulHandlerExecution();
        assertThat(claims.find(ORDER))
                .contains(new OrderPaymentClaim(ORDER, PaymentOrigin.FULFILMENT, new Money(12900, "EUR")));
    }

    @Test
    void refuses_an_order_under_an_id_paid_through_the_payments_api() {
        claims.claim(new OrderPaymentClaim(ORDER, PaymentOrigin.PAYMENTS_API, new Money(100, "EUR")));
        fixture.givenNoPriorActivity()
               .when(new PlaceOrderCommand(ORDER, ALICE, "alice@example.com", LINES, ADDRESS, TOKEN))
               .expectException(CommandRefusedException.class)
               .expectExceptionMessage("order " + ORDER + " already has a payment requested through the payments API")
               .expectNoEvents();
    }

    @Test
    void an_order_refused_for_another_reason_takes_no_claim() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrderCommand(ORDER, ALICE, "no-address", LINES, ADDRESS, TOKEN))
               .expectException(CommandRefusedException.class);
        assertThat(claims.find(ORDER)).isEmpty();
    }

    @Test
    void refuses_an_order_without_lines_or_with_mixed_currencies() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrderCommand(ORDER, ALICE, "alice@example.com", List.of(), ADDRESS, TOKEN))
               .expectException(CommandRefusedException.class);
        newFixture();
        fixture.givenNoPriorActivity()
               .when(new PlaceOrderCommand(ORDER, ALICE, "alice@example.com",
                       List.of(new OrderLine(LAMP, 1, new Money(1, "EUR")), new OrderLine(DESK, 1,
                               new Money(1, "USD"))), ADDRESS, TOKEN))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void moves_from_reservation_to_payment_to_confirmed_to_picking_to_shipped() {
        fixture.given(placed()).when(new MarkOrderReservedCommand(ORDER)).expectEvents(new OrderReservedEvent(ORDER));
        newFixture();
        fixture.given(placed(), new OrderReservedEvent(ORDER))
               .when(new ConfirmOrderCommand(ORDER, PAYMENT))
               .expectEvents(new OrderConfirmedEvent(ORDER, PAYMENT));
        newFixture();
        fixture.given(placed(), new OrderReservedEvent(ORDER), new OrderConfirmedEvent(ORDER, PAYMENT))
               .when(new StartPickingCommand(ORDER, "pck_1"))
               .expectEvents(new OrderPickingStartedEvent(ORDER, "pck_1"));
        newFixture();
        fixture.given(placed(), new OrderReservedEvent(ORDER), new OrderConfirmedEvent(ORDER, PAYMENT),
                      new OrderPickingStartedEvent(ORDER, "pck_1"))
               .when(new MarkOrderShippedCommand(ORDER, "shp_1", "SandboxPost", "SP1"))
               .expectEvents(new OrderShippedEvent(ORDER, "shp_1", "SandboxPost", "SP1"));
    }

    @Test
    void a_repeated_shipment_notice_is_a_no_op() {
        fixture.given(placed(), new OrderReservedEvent(ORDER), new OrderConfirmedEvent(ORDER, PAYMENT),
                      new OrderPickingStartedEvent(ORDER, "pck_1"),
                      new OrderShippedEvent(ORDER, "shp_1", "SandboxPost", "SP1"))
               .when(new MarkOrderShippedCommand(ORDER, "shp_1", "SandboxPost", "SP1"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void rejects_an_order_whose_reservation_failed() {
        fixture.given(placed())
               .when(new RejectOrderCommand(ORDER, "insufficient capacity"))
               .expectEvents(new OrderRejectedEvent(ORDER, "insufficient capacity"));
    }

    @Test
    void a_customer_cancels_before_shipping() {
        fixture.given(placed(), new OrderReservedEvent(ORDER), new OrderConfirmedEvent(ORDER, PAYMENT))
               .when(new CancelOrderCommand(ORDER, "changed my mind", "customer"))
               .expectEvents(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"));
    }

    @Test
    void refuses_a_customer_cancel_after_shipping() {
        fixture.given(placed(), new OrderReservedEvent(ORDER), new OrderConfirmedEvent(ORDER, PAYMENT),
                      new OrderPickingStartedEvent(ORDER, "pck_1"),
                      new OrderShippedEvent(ORDER, "shp_1", "SandboxPost", "SP1"))
               .when(new CancelOrderCommand(ORDER, "too late", "customer"))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void refuses_to_confirm_while_a_cancellation_is_pending() {
        fixture.given(placed(), new OrderReservedEvent(ORDER),
                      new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"))
               .when(new ConfirmOrderCommand(ORDER, PAYMENT))
               .expectException(CommandRefusedException.class);
    }

    @Test
    void completes_a_cancellation_with_its_reason_once() {
        fixture.given(placed(), new OrderCancellationRequestedEvent(ORDER, "payment declined", "saga"))
               .when(new CompleteOrderCancellationCommand(ORDER))
               .expectEvents(new OrderCancelledEvent(ORDER, "payment declined"));
        newFixture();
        fixture.given(placed(), new OrderCancellationRequestedEvent(ORDER, "payment declined", "saga"),
                      new OrderCancelledEvent(ORDER, "payment declined"))
               .when(new CompleteOrderCancellationCommand(ORDER))
               .expectNoEvents();
    }

    @Test
    void refuses_a_shipment_of_a_cancelled_order() {
        fixture.given(placed(), new OrderCancellationRequestedEvent(ORDER, "x", "customer"),
                      new OrderCancelledEvent(ORDER, "x"))
               .when(new MarkOrderShippedCommand(ORDER, "shp_1", "SandboxPost", "SP1"))
               .expectException(CommandRefusedException.class);
    }
}
