package dev.orderly.gateway.graphql;

import dev.orderly.gateway.order.Orders;
import dev.orderly.gateway.resource.ReservationResponse;
import dev.orderly.gateway.resource.Reservations;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.order.OrderView;
import graphql.GraphQLContext;
import graphql.execution.DataFetcherResult;
import graphql.relay.Connection;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.concurrent.CompletableFuture;

/**
 * The caller's own orders and reservations, whoever they are: {@code me} never takes a customer id, so there is no
 * argument to try someone else's in, and an operator's {@code me} is their own too, not everyone's.
 */
@Controller
record MeGraphQlController(Orders orders, Reservations reservations, Callers callers, Connections connections,
                           Reads reads) {

    /** Who is asking; its fields read that caller's data only. */
    record Me(String customerId) {
    }

    @QueryMapping
    Me me() {
        return new Me(callers.current().name());
    }

    @SchemaMapping(typeName = "Me")
    CompletableFuture<DataFetcherResult<Connection<OrderView>>> orders(@Argument int first, @Argument String after,
                                                                       @Argument String status,
                                                                       @Argument Long consistentWith,
                                                                       GraphQLContext request) {
        Connections.Page page = connections.page(Connections.Kind.ORDER, first, after);
        return reads.consistentWith(Orders.PROJECTION, consistentWith, request, () -> connections.connection(page,
                orders.ofCaller(status, page.after(), page.limit()).items(), OrderView::orderId));
    }

    @SchemaMapping(typeName = "Me")
    CompletableFuture<DataFetcherResult<Connection<ReservationResponse>>> reservations(
            @Argument int first, @Argument String after, @Argument Long consistentWith, GraphQLContext request) {
        Connections.Page page = connections.page(Connections.Kind.RESERVATION, first, after);
        return reads.consistentWith(Reservations.PROJECTION, consistentWith, request, () -> connections.connection(
                page, reservations.ofCaller(page.after(), page.limit()), ReservationResponse::reservationId));
    }
}
