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
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Orders and their payments over GraphQL; see {@link Orders} and {@link Payments}. */
@Controller
record OrderGraphQlController(Orders orders, Payments payments, Reads reads) {

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
