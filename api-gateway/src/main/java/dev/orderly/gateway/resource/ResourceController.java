package dev.orderly.gateway.resource;

import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.gateway.AggregateLookup;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.command.CommandOutboxProperties;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.resource.FindResourceQuery;
import dev.orderly.query.resource.FindResourcesQuery;
import dev.orderly.query.resource.ResourcePage;
import dev.orderly.query.resource.ResourceView;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resources: registering and changing capacity answer synchronously, because the caller needs the decision;
 * reserving answers {@code 202} at once and the outcome follows.
 */
@RestController
@RequestMapping("/api/resources")
@Validated
class ResourceController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final AggregateLookup aggregates;
    private final CommandOutbox outbox;
    private final Reservations reservations;
    private final CommandOutboxProperties properties;
    private final ReadYourWrites readYourWrites;
    private final Callers callers;

    ResourceController(CommandGateway commandGateway, QueryGateway queryGateway, AggregateLookup aggregates,
                       CommandOutbox outbox, Reservations reservations, CommandOutboxProperties properties,
                       ReadYourWrites readYourWrites, Callers callers) {
        this.callers = callers;
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.aggregates = aggregates;
        this.outbox = outbox;
        this.reservations = reservations;
        this.properties = properties;
        this.readYourWrites = readYourWrites;
    }

    /** The projection that answers resource queries, for read-your-writes. */
    static final String PROJECTION = "resource-availability";

    @PostMapping
    ResponseEntity<ResourceView> register(@Valid @RequestBody ResourceRequests.RegisterResource request,
                                          HttpServletResponse response) throws TimeoutException {
        ResourceId id = ResourceId.random();
        await(commandGateway.send(new RegisterResourceCommand(id, request.name().strip(), request.capacity())));
        readYourWrites.tokenFor(id.toString(), response);
        return ResponseEntity.created(URI.create("/api/resources/" + id))
                .body(new ResourceView(id.toString(), request.name().strip(), request.capacity(), 0,
                        request.capacity()));
    }

    @GetMapping
    ResourcePage list(@RequestParam(required = false) UUID after,
                      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                      @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false) Long consistentWith,
                      HttpServletResponse response) {
        readYourWrites.await(PROJECTION, consistentWith, response);
        return queryGateway.query(new FindResourcesQuery(after == null ? null : after.toString(), limit),
                ResponseTypes.instanceOf(ResourcePage.class)).join();
    }

    @GetMapping("/{resourceId}")
    ResourceView get(@PathVariable UUID resourceId,
                     @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false) Long consistentWith,
                     HttpServletResponse response) {
        readYourWrites.await(PROJECTION, consistentWith, response);
        return queryGateway.query(new FindResourceQuery(new ResourceId(resourceId)),
                        ResponseTypes.optionalInstanceOf(ResourceView.class)).join()
                .orElseThrow(() -> ApiProblem.notFound("resource " + resourceId));
    }

    @PutMapping("/{resourceId}/capacity")
    ResponseEntity<Void> changeCapacity(@PathVariable UUID resourceId,
                                        @Valid @RequestBody ResourceRequests.ChangeCapacity request,
                                        HttpServletResponse response) throws TimeoutException {
        ResourceId id = existing(resourceId);
        await(commandGateway.send(new ChangeCapacityCommand(id, request.capacity())));
        readYourWrites.tokenFor(id.toString(), response);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{resourceId}/reservations")
    ResponseEntity<ReservationResponse> reserve(@PathVariable UUID resourceId,
                                                @Valid @RequestBody ResourceRequests.Reserve request,
                                                HttpServletResponse response) {
        ResourceId id = existing(resourceId);
        ReservationId reservationId = request.reservationId() == null ? ReservationId.random()
                : new ReservationId(request.reservationId());
        Caller caller = callers.current();
        var command = new ReserveResourceCommand(id, reservationId,
                new CustomerId(caller.customerFor(request.customerId())), request.quantity());
        var acceptance = outbox.accept(Reservations.reserveCommandId(reservationId), command, id.toString());
        if (!acceptance.sameRequest()) {
            if (!caller.owns(reservations.fromAccepted(acceptance.command()).customerId())) {
                throw ApiProblem.notFound("reservation " + reservationId);
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "reservation-id-conflict",
                    "reservation " + reservationId + " was already requested with different details");
        }
        readYourWrites.tokenForAccepted(Reservations.reserveCommandId(reservationId), response);
        // A new request answers "awaiting confirmation"; the token lets the client's next read see the decision.
        ReservationResponse status = acceptance.stored() ? reservations.fromAccepted(acceptance.command())
                : reservations.find(reservationId).orElseThrow();
        return ResponseEntity.accepted().location(URI.create("/api/reservations/" + reservationId)).body(status);
    }

    /** The event store, not a read model, says whether a resource exists: a just-registered one may not be projected. */
    private ResourceId existing(UUID resourceId) {
        ResourceId id = new ResourceId(resourceId);
        if (!aggregates.exists(id.toString(), "Resource")) {
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
