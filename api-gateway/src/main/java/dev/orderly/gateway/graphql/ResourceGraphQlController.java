package dev.orderly.gateway.graphql;

import dev.orderly.gateway.AggregateLookup;
import dev.orderly.gateway.Written;
import dev.orderly.gateway.resource.ReservationResponse;
import dev.orderly.gateway.resource.Reservations;
import dev.orderly.gateway.resource.ResourceCatalogue;
import dev.orderly.gateway.resource.ResourceRequests;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.resource.ResourcePage;
import dev.orderly.query.resource.ResourceView;
import graphql.GraphQLContext;
import graphql.execution.DataFetcherResult;
import graphql.relay.Connection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Resources and reservations over GraphQL; see {@link ResourceCatalogue} and {@link Reservations}. */
@Controller
record ResourceGraphQlController(ResourceCatalogue catalogue, Reservations reservations, Reads reads,
                                 AggregateLookup aggregates, Connections connections) {

    /** The answer to changing capacity: the new capacity and the token of the change. */
    record CapacityChange(String resourceId, int capacity, Long consistencyToken) {
    }

    /** The answer to changing a price: the new price and the token of the change. */
    record PriceChange(String resourceId, long unitPrice, String currency, Long consistencyToken) {
    }

    @QueryMapping
    CompletableFuture<DataFetcherResult<ResourceView>> resource(@Argument UUID id, @Argument Long consistentWith,
                                                                GraphQLContext request) {
        // a resource registered a moment ago is in the event store before the projection has it
        return reads.consistentWith(ResourceCatalogue.PROJECTION, consistentWith, request,
                () -> aggregates.requireExists(id.toString(), "Resource"), () -> catalogue.get(id));
    }

    @QueryMapping
    ResourcePage resources(@Argument UUID after, @Argument @Min(1) @Max(500) int limit) {
        return catalogue.list(after, limit);
    }

    /** Resources in id order, as a connection. */
    @QueryMapping
    CompletableFuture<DataFetcherResult<Connection<ResourceView>>> resourceConnection(
            @Argument int first, @Argument String after, @Argument Long consistentWith, GraphQLContext request) {
        Connections.Page page = connections.page(Connections.Kind.RESOURCE, first, after);
        UUID afterId = page.after() == null ? null : UUID.fromString(page.after());
        return reads.consistentWith(ResourceCatalogue.PROJECTION, consistentWith, request, () -> connections
                .connection(page, catalogue.list(afterId, page.limit()).items(), ResourceView::resourceId));
    }

    /** The resources of a batch of reservations in one read; the catalogue is everyone's to see. */
    @BatchMapping(typeName = "Reservation")
    Map<ReservationResponse, ResourceView> resource(List<ReservationResponse> reservations) {
        return linked(reservations, ReservationResponse::resourceId);
    }

    /** The resources of a batch of order lines in one read. */
    @BatchMapping(typeName = "OrderLine", field = "resource")
    Map<OrderView.OrderLineView, ResourceView> lineResource(List<OrderView.OrderLineView> lines) {
        return linked(lines, OrderView.OrderLineView::resourceId);
    }

    private <T> Map<T, ResourceView> linked(List<T> items, Function<T, String> resourceId) {
        Map<String, ResourceView> found = catalogue.byIds(items.stream().map(resourceId).toList());
        Map<T, ResourceView> linked = new HashMap<>();
        items.forEach(item -> {
            ResourceView resource = found.get(resourceId.apply(item));
            if (resource != null) {
                linked.put(item, resource);
            }
        });
        return linked;
    }

    @QueryMapping
    CompletableFuture<DataFetcherResult<ReservationResponse>> reservation(@Argument UUID id,
                                                                          @Argument Long consistentWith,
                                                                          GraphQLContext request) {
        return reads.consistentWith(Reservations.PROJECTION, consistentWith, request, () -> reservations.get(id));
    }

    @MutationMapping
    Written<ResourceView> registerResource(@Argument @Valid ResourceRequests.RegisterResource input)
            throws TimeoutException {
        return catalogue.register(input);
    }

    @MutationMapping
    CapacityChange changeCapacity(@Argument UUID resourceId, @Argument @Valid ResourceRequests.ChangeCapacity input)
            throws TimeoutException {
        Written<Void> changed = catalogue.changeCapacity(resourceId, input);
        return new CapacityChange(resourceId.toString(), input.capacity(), changed.consistencyToken());
    }

    @MutationMapping
    PriceChange changePrice(@Argument UUID resourceId, @Argument @Valid ResourceRequests.ChangePrice input)
            throws TimeoutException {
        Written<Void> changed = catalogue.changePrice(resourceId, input);
        return new PriceChange(resourceId.toString(), input.unitPrice(), input.currency(),
                changed.consistencyToken());
    }

    @MutationMapping
    Written<ReservationResponse> reserve(@Argument UUID resourceId, @Argument @Valid ResourceRequests.Reserve input) {
        return catalogue.reserve(resourceId, input);
    }

    @MutationMapping
    Written<ReservationResponse> releaseReservation(@Argument UUID reservationId,
                                                    @Argument @Valid ResourceRequests.Release input) {
        return reservations.release(reservationId, input == null ? null : input.reason());
    }

    @SubscriptionMapping
    Flux<ReservationResponse> reservationStatus(@Argument UUID reservationId) {
        return reservations.statusChanges(reservationId);
    }
}
