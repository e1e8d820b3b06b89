package dev.orderly.gateway.resource;

import dev.orderly.command.Money;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.ChangePriceCommand;
import dev.orderly.command.resource.CustomerHoldings;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReservationClaims;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePrices;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.Written;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.command.CommandOutboxProperties;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.resource.FindResourceQuery;
import dev.orderly.query.resource.FindResourcesByIdQuery;
import dev.orderly.query.resource.FindResourcesQuery;
import dev.orderly.query.resource.ResourcePage;
import dev.orderly.query.resource.ResourceView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The resource catalogue, whichever API is used: registering and changing capacity are synchronous, because the
 * caller needs the decision, and need {@code OPS}; reserving is accepted at once and the outcome follows.
 */
@Service
@EnableConfigurationProperties(ReservationQuotaProperties.class)
public class ResourceCatalogue {

    /** The projection that answers resource queries, for read-your-writes. */
    public static final String PROJECTION = ResourceView.PROCESSING_GROUP;

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final ResourcePrices prices;
    private final ReservationClaims claims;
    private final CommandOutbox outbox;
    private final Reservations reservations;
    private final CommandOutboxProperties properties;
    private final ReadYourWrites readYourWrites;
    private final Callers callers;
    private final CustomerHoldings holdings;
    private final ReservationQuotaProperties quota;

    ResourceCatalogue(CommandGateway commandGateway, QueryGateway queryGateway, ResourcePrices prices,
                      ReservationClaims claims, CommandOutbox outbox, Reservations reservations,
                      CommandOutboxProperties properties, ReadYourWrites readYourWrites, Callers callers,
                      CustomerHoldings holdings, ReservationQuotaProperties quota) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.prices = prices;
        this.claims = claims;
        this.outbox = outbox;
        this.reservations = reservations;
        this.properties = properties;
        this.readYourWrites = readYourWrites;
        this.callers = callers;
        this.holdings = holdings;
        this.quota = quota;
    }

    public Written<ResourceView> register(ResourceRequests.RegisterResource request) throws TimeoutException {
        requireOps();
        ResourceId id = ResourceId.random();
        String name = request.name().strip();
        await(commandGateway.send(new RegisterResourceCommand(id, name, request.capacity(),
                new Money(request.unitPrice(), request.currency()))));
        return Written.of(new ResourceView(id.toString(), name, request.capacity(), 0, request.capacity(),
                request.unitPrice(), request.currency()), readYourWrites.token(id.toString()));
    }

    public ResourcePage list(UUID after, int limit) {
        return queryGateway.query(new FindResourcesQuery(after == null ? null : after.toString(), limit),
                ResponseTypes.instanceOf(ResourcePage.class)).join();
    }

    /** The resources with these ids that exist, by id, in one query: how a page of links reaches the catalogue. */
    public Map<String, ResourceView> byIds(Collection<String> resourceIds) {
        List<ResourceId> ids = resourceIds.stream().distinct().map(ResourceId::of).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return queryGateway.query(new FindResourcesByIdQuery(ids),
                        ResponseTypes.multipleInstancesOf(ResourceView.class)).join().stream()
                .collect(Collectors.toMap(ResourceView::resourceId, Function.identity()));
    }

    public ResourceView get(UUID resourceId) {
        return queryGateway.query(new FindResourceQuery(new ResourceId(resourceId)),
                        ResponseTypes.optionalInstanceOf(ResourceView.class)).join()
                .orElseThrow(() -> ApiProblem.notFound("resource " + resourceId));
    }

    /** Changes capacity, never below what is held; answers the token of the change. */
    public Written<Void> changeCapacity(UUID resourceId, ResourceRequests.ChangeCapacity request)
            throws TimeoutException {
        requireOps();
        ResourceId id = existing(resourceId);
        await(commandGateway.send(new ChangeCapacityCommand(id, request.capacity())));
        return Written.of(null, readYourWrites.token(id.toString()));
    }

    /** Sets the unit price of later orders; answers the token of the change. */
    public Written<Void> changePrice(UUID resourceId, ResourceRequests.ChangePrice request) throws TimeoutException {
        requireOps();
        ResourceId id = existing(resourceId);
        await(commandGateway.send(new ChangePriceCommand(id, new Money(request.unitPrice(), request.currency()))));
        return Written.of(null, readYourWrites.token(id.toString()));
    }

    /**
     * Accepts a reservation; it answers "awaiting confirmation" and the decision follows. A reservation id belongs
     * to its first request: one that an order holds, or that was decided for other details, is refused here, before
     * anything is stored; one that another customer holds is as absent as any other of theirs. A customer's new
     * reservation that would pass the quota is refused here when the count already says so; the {@code Resource}
     * decides it again under the count's lock, so two racing reservations cannot both pass.
     */
    public Written<ReservationResponse> reserve(UUID resourceId, ResourceRequests.Reserve request) {
        ResourceId id = existing(resourceId);
        ReservationId reservationId = request.reservationId() == null ? ReservationId.random()
                : new ReservationId(request.reservationId());
        Caller caller = callers.current();
        CustomerId customer = new CustomerId(caller.customerFor(request.customerId()));
        Integer unitLimit = caller.ops() ? null : quota.maxUnitsPerCustomer();
        var command = ReserveResourceCommand.forCustomer(id, reservationId, customer, request.quantity(), unitLimit);
        claims.find(reservationId).filter(claim -> !claim.isRepeatedBy(command)).ifPresent(claim -> {
            if (!caller.owns(claim.customerId().toString())) {
                throw ApiProblem.notFound("reservation " + reservationId);
            }
            throw conflict(reservationId);
        });
        if (unitLimit != null && outbox.find(Reservations.reserveCommandId(reservationId)).isEmpty()) {
            refuseBeyondQuota(customer, request.quantity(), unitLimit);
        }
        var acceptance = outbox.accept(Reservations.reserveCommandId(reservationId), command, id.toString());
        if (!acceptance.sameRequest()) {
            if (!caller.owns(reservations.fromAccepted(acceptance.command()).customerId())) {
                throw ApiProblem.notFound("reservation " + reservationId);
            }
            throw conflict(reservationId);
        }
        var token = readYourWrites.acceptedToken(Reservations.reserveCommandId(reservationId));
        // A new request answers "awaiting confirmation"; the token lets the client's next read see the decision.
        ReservationResponse status = acceptance.stored() ? reservations.fromAccepted(acceptance.command())
                : reservations.find(reservationId).orElseThrow();
        return Written.of(status, token);
    }

    private void refuseBeyondQuota(CustomerId customer, int quantity, int unitLimit) {
        int held = holdings.heldUnits(customer);
        if (held + quantity > unitLimit) {
            throw new ApiProblem(HttpStatus.CONFLICT, "quota-exceeded", "you hold " + held + " units through the "
                    + "API and may hold at most " + unitLimit + " at once; release one first")
                    .with("held", held).with("limit", unitLimit);
        }
    }

    private static ApiProblem conflict(ReservationId reservationId) {
        return new ApiProblem(HttpStatus.CONFLICT, "reservation-id-conflict",
                "reservation " + reservationId + " was already requested with different details");
    }

    /**
     * The catalogue is the operators'. Over HTTP the security rules refuse customers before this; GraphQL has one
     * endpoint for everything, so the rule is enforced here as well.
     */
    private void requireOps() {
        if (!callers.current().ops()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "changing the resource catalogue needs the OPS role");
        }
    }

    /**
     * The command side's price list, not a read model, says whether a resource exists: it is written with the
     * registration, while the catalogue's projection may not have it yet.
     */
    private ResourceId existing(UUID resourceId) {
        ResourceId id = new ResourceId(resourceId);
        if (prices.find(id).isEmpty()) {
            throw ApiProblem.notFound("resource " + resourceId);
        }
        return id;
    }

    private void await(CompletableFuture<?> result) throws TimeoutException {
        try {
            result.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a command", e);
        }
    }
}
