package dev.orderly.gateway.graphql;

import dev.orderly.gateway.Written;
import dev.orderly.gateway.order.OrderRequests;
import dev.orderly.gateway.order.Orders;
import dev.orderly.gateway.payment.PaymentRequests;
import dev.orderly.gateway.payment.Payments;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import graphql.GraphQLContext;
import graphql.execution.DataFetcherResult;
import graphql.relay.Connection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Orders and their payments over GraphQL; see {@link Orders} and {@link Payments}. */
@Controller
record OrderGraphQlController(Orders orders, Payments payments, Reads reads, Connections connections) {

    @QueryMapping
    CompletableFuture<DataFetcherResult<OrderView>> order(@Argument UUID id, @Argument Long consistentWith,
                                                          GraphQLContext request) {
        return reads.consistentWith(Orders.PROJECTION, consistentWith, request, () -> orders.get(id));
    }

    /** The same constraints as {@code GET /api/orders}. */
    @QueryMapping
    OrderPage orders(@Argument @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId,
                     @Argument @Pattern(regexp = "[A-Z_]+") String status,
                     @Argument UUID after,
                     @Argument @Min(1) @Max(500) int limit) {
        return orders.list(customerId, status, after, limit);
    }

    /**
     * Orders in id order, as a connection: a customer's own only, an operator's of any customer or of all, with the
     * same filters as {@code GET /api/orders}.
     */
    @QueryMapping
    CompletableFuture<DataFetcherResult<Connection<OrderView>>> orderConnection(
            @Argument int first, @Argument String after,
            @Argument @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId, @Argument String status,
            @Argument Long consistentWith, GraphQLContext request) {
        Connections.Page page = connections.page(Connections.Kind.ORDER, first, after);
        UUID afterId = page.after() == null ? null : UUID.fromString(page.after());
        return reads.consistentWith(Orders.PROJECTION, consistentWith, request, () -> connections.connection(page,
                orders.list(customerId, status, afterId, page.limit()).items(), OrderView::orderId));
    }

    /**
     * The payments of a batch of orders in one read. Every order here was shown to the caller, so its payment is
     * theirs to see; a payment is only ever the one of its own order.
     */
    @BatchMapping(typeName = "Order")
    Map<OrderView, PaymentView> payment(List<OrderView> shown) {
        Map<String, PaymentView> found = payments.ofShownOrders(shown);
        Map<OrderView, PaymentView> byOrder = new HashMap<>();
        for (OrderView order : shown) {
            PaymentView payment = order.paymentId() == null ? null : found.get(order.paymentId());
            if (payment != null && payment.orderId().equals(order.orderId())) {
                byOrder.put(order, payment);
            }
        }
        return byOrder;
    }

    @QueryMapping
    CompletableFuture<DataFetcherResult<PaymentView>> payment(@Argument UUID id, @Argument Long consistentWith,
                                                              GraphQLContext request) {
        return reads.consistentWith(Payments.PROJECTION, consistentWith, request, () -> payments.get(id));
    }

    @QueryMapping
    List<PaymentView> paymentsOfOrder(@Argument UUID orderId) {
        return payments.ofOrder(orderId);
    }

    @MutationMapping
    Written<OrderView> placeOrder(@Argument @Valid OrderRequests.PlaceOrder input) {
        return orders.place(input);
    }

    @MutationMapping
    Written<OrderView> cancelOrder(@Argument UUID orderId, @Argument @Valid OrderRequests.Cancel input) {
        return orders.cancel(orderId, input == null ? null : input.reason());
    }

    @MutationMapping
    Written<PaymentView> requestPayment(@Argument @Valid PaymentRequests.RequestPayment input) {
        return payments.request(input);
    }

    @SubscriptionMapping
    Flux<OrderView> orderStatus(@Argument UUID orderId) {
        return orders.statusChanges(orderId);
    }
}
