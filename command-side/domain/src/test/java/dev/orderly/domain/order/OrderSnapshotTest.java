package dev.orderly.domain.order;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.CompleteOrderCancellationCommand;
import dev.orderly.command.order.ConfirmOrderCommand;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.domain.Snapshots;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

/**
 * An order restored from its snapshot, through Orderly's serializer, decides as the order replayed from its events:
 * its status and the reason of its pending cancellation survive.
 */
class OrderSnapshotTest {

    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000b1");
    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-0000000000d1");
    private static final List<Object> HISTORY = List.of(
            new OrderPlacedEvent(ORDER, new CustomerId("alice"), "alice@example.com",
                    List.of(new OrderLine(ResourceId.of("00000000-0000-0000-0000-0000000000c1"), 2,
                            new Money(1500, "EUR"))), new Money(3000, "EUR"),
                    new ShippingAddress("Alice", "1 Main St", "Springfield", "12345", "DE"), "tok_5f3a9c0e1b7d"),
            new OrderReservedEvent(ORDER),
            new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"));

    private static TestExecutor<Order> given(String source) {
        FixtureConfiguration<Order> fixture = new AggregateTestFixture<>(Order.class);
        if (source.startsWith("replayed")) {
            return fixture.given(HISTORY);
        }
        // the fixture re-sources a changed aggregate from the same snapshot instance: its state check does not apply
        fixture.setReportIllegalStateChange(false);
        return fixture.given(List.of(Snapshots.of(Order.class, ORDER.toString(), HISTORY)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void completes_the_pending_cancellation_with_its_reason(String source) {
        given(source).when(new CompleteOrderCancellationCommand(ORDER))
                .expectEvents(new OrderCancelledEvent(ORDER, "changed my mind"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void refuses_to_confirm_while_the_cancellation_is_pending(String source) {
        given(source).when(new ConfirmOrderCommand(ORDER, PAYMENT))
                .expectException(CommandRefusedException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void a_second_cancellation_changes_nothing(String source) {
        given(source).when(new CancelOrderCommand(ORDER, "again", "customer"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
