package dev.orderly.gateway.order;

import dev.orderly.command.Money;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.PlaceOrderCommand;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePrices;
import dev.orderly.gateway.AggregateLookup;
import dev.orderly.gateway.LiveStatus;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.Written;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.command.PendingViews;
import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.gateway.payment.Payments;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.FindOrdersQuery;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.order.OrderView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a caller may do with orders, whichever API they use: placing one is accepted at once and the fulfilment saga
 * moves it to its outcome. A customer reaches only their own orders; someone else's is as absent as one never placed.
 */
@Service
public class Orders {

    /** The projection that answers order queries, for read-your-writes. */
    public static final String PROJECTION = OrderView.PROCESSING_GROUP;
    /** The statuses after which an order changes no more; a live stream ends at them. */
    public static final Set<String> TERMINAL = Set.of(OrderStatus.finalNames());

    private final CommandOutbox outbox;
    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final AggregateLookup aggregates;
    private final ResourcePrices prices;
    private final IntakeGuard intake;
    private final ReadYourWrites readYourWrites;
    private final Callers callers;
    private final LiveStatus live;
    private final OrderPaymentClaims paymentClaims;
    private final PendingViews pending;

    Orders(CommandOutbox outbox, CommandGateway commandGateway, QueryGateway queryGateway, AggregateLookup aggregates,
           ResourcePrices prices, IntakeGuard intake, ReadYourWrites readYourWrites, Callers callers, LiveStatus live,
           OrderPaymentClaims paymentClaims, PendingViews pending) {
        this.paymentClaims = paymentClaims;
        this.pending = pending;
        this.outbox = outbox;
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.aggregates = aggregates;
        this.prices = prices;
        this.intake = intake;
        this.readYourWrites = readYourWrites;
        this.callers = callers;
        this.live = live;
    }

    /**
     * Accepts the order; it answers {@code PENDING} until the projection has it. Every line pays the catalogue's
     * current unit price, never one the client sends: a price the client quotes is only checked against it. The
     * {@code Resource} grants each line only at that price, so a price changed after intake rejects the order
     * before anything is charged.
     */
    public Written<OrderView> place(OrderRequests.PlaceOrder request) {
        OrderId orderId = request.orderId() == null ? OrderId.random() : new OrderId(request.orderId());
        String customerId = callers.current().customerFor(request.customerId());
        Optional<AcceptedCommand> earlier = outbox.find(commandId(orderId));
        PlaceOrderCommand command;
        if (earlier.isPresent()) {
            // A retry is answered as the first request was, at the prices it was accepted at; a different request
            // under the same id is refused below.
            command = outbox.payload(earlier.get(), PlaceOrderCommand.class);
        } else {
            if (aggregates.typeOf(orderId.toString()).isPresent()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "order-id-conflict",
                        "id " + orderId + " is taken; place the order under a new id");
            }
            if (paymentClaims.find(orderId).map(OrderPaymentClaim::origin).orElse(null)
                    == PaymentOrigin.PAYMENTS_API) {
                // Paid already through the payments API: the saga's payment would be a second charge. Only a fast
                // answer for the obvious case: the Order aggregate decides (OnePaymentPerOrder), also in a race.
                throw new ApiProblem(HttpStatus.CONFLICT, OrderPaymentClaim.ALREADY_HAS_PAYMENT,
                        "order " + orderId + " already has a payment; place the order under a new id");
            }
            intake.requireOpen();
            OrderRequests.Address to = request.shipTo();
            command = new PlaceOrderCommand(orderId, new CustomerId(customerId), request.email(), priced(request),
                    new ShippingAddress(to.name(), to.street(), to.city(), to.postalCode(), to.country()),
                    request.paymentToken());
        }
        var acceptance = outbox.accept(commandId(orderId), command, orderId.toString(), request);
        if (!acceptance.sameRequest()) {
            if (!callers.current().owns(command.customerId().toString())) {
                // Someone else's order id: say nothing about it beyond what a fresh id would get.
                throw ApiProblem.notFound("order " + orderId);
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "order-id-conflict",
                    "order " + orderId + " was already placed with different details");
        }
        OrderView answer = find(orderId).orElseThrow();
        Optional<Long> token = readYourWrites.acceptedToken(commandId(orderId));
        Payments.refuseIfPaidElsewhere(outbox.find(commandId(orderId)));
        return Written.of(answer, token);
    }

    /** The order's lines at the catalogue's prices, all in one currency, or the reason it cannot be taken. */
    private List<OrderLine> priced(OrderRequests.PlaceOrder request) {
        List<OrderLine> lines = new ArrayList<>();
        for (OrderRequests.Line line : request.lines()) {
            ResourceId resource = new ResourceId(line.resourceId());
            Money price = prices.find(resource).orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY,
                    "unknown-resource", "resource " + resource + " does not exist")).unitPrice();
            if (price == null) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "resource-not-priced",
                        "resource " + resource + " has no price yet and cannot be ordered");
            }
            if (!lines.isEmpty() && !lines.get(0).unitPrice().currency().equals(price.currency())) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "mixed-currency",
                        "resource " + resource + " is priced in " + price.currency() + ", resource "
                                + lines.get(0).resourceId() + " in " + lines.get(0).unitPrice().currency()
                                + "; place one order per currency");
            }
            if (request.currency() != null && !request.currency().equals(price.currency())) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "currency-mismatch",
                        "resource " + resource + " is priced in " + price.currency() + ", not " + request.currency());
            }
            if (line.unitPrice() != null && line.unitPrice() != price.minorUnits()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "price-changed", "the unit price of resource " + resource
                        + " is " + price.minorUnits() + " " + price.currency() + ", not " + line.unitPrice())
                        .with("resourceId", resource.toString())
                        .with("currentUnitPrice", price.minorUnits())
                        .with("currency", price.currency());
            }
            lines.add(new OrderLine(resource, line.quantity(), price));
        }
        return lines;
    }

    /** The order if it exists and the caller may see it, or {@code 404}. */
    public OrderView get(UUID orderId) {
        return findOwn(new OrderId(orderId)).orElseThrow(() -> ApiProblem.notFound("order " + orderId));
    }

    /** A page of orders: a customer's own only, an operator's of any customer or of all. */
    public OrderPage list(String customerId, String status, UUID after, int limit) {
        Caller caller = callers.current();
        String customer = caller.ops() ? customerId : caller.customerFor(customerId);
        return queryGateway.query(new FindOrdersQuery(customer, status, after == null ? null : after.toString(),
                limit), ResponseTypes.instanceOf(OrderPage.class)).join();
    }

    /**
     * A page of the caller's own orders, whoever they are: unlike {@link #list}, an operator sees only the orders
     * placed under their own name, not everyone's.
     */
    public OrderPage ofCaller(String status, String after, int limit) {
        return queryGateway.query(new FindOrdersQuery(callers.current().name(), status, after, limit),
                ResponseTypes.instanceOf(OrderPage.class)).join();
    }

    /** The order's status changes, from its current status to a terminal one. */
    public Flux<OrderView> statusChanges(UUID orderId) {
        OrderId id = new OrderId(orderId);
        get(orderId);
        return live.changes(new FindOrderQuery(id), OrderView.class, Function.identity(),
                () -> outbox.find(commandId(id)).map(pending::order), order -> order.status().name(), TERMINAL);
    }

    /** Cancels before shipping; compensation follows. Refused once the order has shipped. */
    public Written<OrderView> cancel(UUID orderId, String reason) {
        OrderId id = new OrderId(orderId);
        get(orderId);
        if (!aggregates.exists(id.toString(), "Order")) {
            if (outbox.find(commandId(id)).isPresent()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "order-pending",
                        "order " + orderId + " is still being placed; cancel it in a moment");
            }
            throw ApiProblem.notFound("order " + orderId);
        }
        commandGateway.sendAndWait(new CancelOrderCommand(id, reason == null ? "cancelled by the customer" : reason,
                "customer"));
        return Written.of(find(id).orElseThrow(), readYourWrites.token(id.toString()));
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
        return outbox.find(commandId(orderId)).map(pending::order);
    }

    private static String commandId(OrderId orderId) {
        return "order:" + orderId;
    }
}
