package dev.orderly.gateway.order;

import dev.orderly.command.Money;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.PlaceOrderCommand;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.gateway.AggregateLookup;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.FindOrdersQuery;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderView;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Orders: placing one answers {@code 202} at once; the fulfilment saga then moves it to its outcome. */
@RestController
@RequestMapping("/api/orders")
@Validated
class OrderController {

    private final CommandOutbox outbox;
    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final AggregateLookup aggregates;
    private final IntakeGuard intake;
    private final OrderStatusStream statusStream;
    private final ReadYourWrites readYourWrites;
    private final Callers callers;

    OrderController(CommandOutbox outbox, CommandGateway commandGateway, QueryGateway queryGateway,
                    AggregateLookup aggregates, IntakeGuard intake, OrderStatusStream statusStream,
                    ReadYourWrites readYourWrites, Callers callers) {
        this.callers = callers;
        this.outbox = outbox;
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.aggregates = aggregates;
        this.intake = intake;
        this.statusStream = statusStream;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping
    ResponseEntity<OrderView> place(@Valid @RequestBody OrderRequests.PlaceOrder request,
                                    HttpServletResponse response) {
        OrderId orderId = request.orderId() == null ? OrderId.random() : new OrderId(request.orderId());
        String customerId = callers.current().customerFor(request.customerId());
        if (outbox.find(commandId(orderId)).isEmpty()) {
            intake.requireOpen();
            for (OrderRequests.Line line : request.lines()) {
                if (!aggregates.exists(line.resourceId().toString(), "Resource")) {
                    throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-resource",
                            "resource " + line.resourceId() + " does not exist");
                }
            }
        }
        List<OrderLine> lines = request.lines().stream().map(line -> new OrderLine(
                new ResourceId(line.resourceId()), line.quantity(), new Money(line.unitPrice(), request.currency())))
                .toList();
        OrderRequests.Address to = request.shipTo();
        var command = new PlaceOrderCommand(orderId, new CustomerId(customerId), request.email(), lines,
                new ShippingAddress(to.name(), to.street(), to.city(), to.postalCode(), to.country()),
                request.card());
        var acceptance = outbox.accept(commandId(orderId), command, orderId.toString());
        if (!acceptance.sameRequest()) {
            if (!callers.current().owns(command.customerId().toString())) {
                // Someone else's order id: say nothing about it beyond what a fresh id would get.
                throw ApiProblem.notFound("order " + orderId);
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "order-id-conflict",
                    "order " + orderId + " was already placed with different details");
        }
        readYourWrites.tokenForAccepted(commandId(orderId), response);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + orderId))
                .body(find(orderId).orElseThrow());
    }

    @GetMapping("/{orderId}")
    OrderView get(@PathVariable UUID orderId,
                  @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false) Long consistentWith,
                  HttpServletResponse response) {
        readYourWrites.await("order-views", consistentWith, response);
        return findOwn(new OrderId(orderId)).orElseThrow(() -> ApiProblem.notFound("order " + orderId));
    }

    @GetMapping
    OrderPage list(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId,
                   @RequestParam(required = false) @Pattern(regexp = "[A-Z_]+") String status,
                   @RequestParam(required = false) UUID after,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        Caller caller = callers.current();
        String customer = caller.ops() ? customerId : caller.customerFor(customerId);
        return queryGateway.query(new FindOrdersQuery(customer, status, after == null ? null : after.toString(),
                limit), ResponseTypes.instanceOf(OrderPage.class)).join();
    }

    /** The order's status changes as server-sent events, from its current status to a terminal one. */
    @GetMapping(path = "/{orderId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID orderId) {
        OrderId id = new OrderId(orderId);
        if (findOwn(id).isEmpty()) {
            throw ApiProblem.notFound("order " + orderId);
        }
        return statusStream.open(new FindOrderQuery(id), () -> outbox.find(commandId(id)).map(this::pending));
    }

    /** Cancels before shipping: {@code 202} while compensation runs, {@code 409} once the order has shipped. */
    @PostMapping("/{orderId}/cancellation")
    ResponseEntity<OrderView> cancel(@PathVariable UUID orderId,
                                     @Valid @RequestBody(required = false) OrderRequests.Cancel request,
                                     HttpServletResponse response) {
        OrderId id = new OrderId(orderId);
        if (findOwn(id).isEmpty()) {
            throw ApiProblem.notFound("order " + orderId);
        }
        if (!aggregates.exists(id.toString(), "Order")) {
            if (outbox.find(commandId(id)).isPresent()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "order-pending",
                        "order " + orderId + " is still being placed; cancel it in a moment");
            }
            throw ApiProblem.notFound("order " + orderId);
        }
        String reason = request == null || request.reason() == null ? "cancelled by the customer" : request.reason();
        commandGateway.sendAndWait(new CancelOrderCommand(id, reason, "customer"));
        readYourWrites.tokenFor(id.toString(), response);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + orderId))
                .body(find(id).orElseThrow());
    }

    /** The order if it exists and the caller may see it: someone else's order is as absent as one never placed. */
    private Optional<OrderView> findOwn(OrderId orderId) {
        Caller caller = callers.current();
        return find(orderId).filter(order -> caller.owns(order.customerId()));
    }

    private Optional<OrderView> find(OrderId orderId) {
        Optional<OrderView> projected = queryGateway.query(new FindOrderQuery(orderId),
                ResponseTypes.optionalInstanceOf(OrderView.class)).join();
        if (projected.isPresent()) {
            return projected;
        }
        return outbox.find(commandId(orderId)).map(this::pending);
    }

    private OrderView pending(AcceptedCommand accepted) {
        PlaceOrderCommand command = outbox.payload(accepted, PlaceOrderCommand.class);
        long total = command.lines().stream().mapToLong(line -> line.unitPrice().minorUnits() * line.quantity())
                .sum();
        return new OrderView(command.orderId().toString(), command.customerId().toString(), command.email(),
                accepted.failed() ? "REJECTED" : "PENDING", total, command.lines().get(0).unitPrice().currency(),
                command.lines().stream().map(line -> new OrderView.OrderLineView(line.resourceId().toString(),
                        line.quantity(), line.unitPrice().minorUnits())).toList(),
                null, null, null, null, null, accepted.failed() ? accepted.failureDetail() : null, false,
                accepted.acceptedAt(), accepted.acceptedAt(), List.of());
    }

    private static String commandId(OrderId orderId) {
        return "order:" + orderId;
    }
}
