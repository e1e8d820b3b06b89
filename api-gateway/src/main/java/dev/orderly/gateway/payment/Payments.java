package dev.orderly.gateway.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.Written;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.command.PendingViews;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.FindPaymentQuery;
import dev.orderly.query.payment.FindPaymentsOfOrderQuery;
import dev.orderly.query.payment.FindPaymentsQuery;
import dev.orderly.query.payment.PaymentView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Payments, whichever API is used: requesting one is accepted at once; its status moves from {@code PENDING} to an
 * outcome. A payment belongs to the customer of its order.
 */
@Service
public class Payments {

    /** The projection that answers payment queries, for read-your-writes. */
    public static final String PROJECTION = PaymentView.PROCESSING_GROUP;

    private final CommandOutbox outbox;
    private final QueryGateway queryGateway;
    private final IntakeGuard intake;
    private final PaymentRequestProperties properties;
    private final Callers callers;
    private final ReadYourWrites readYourWrites;
    private final OrderPaymentClaims claims;
    private final PendingViews pending;

    Payments(CommandOutbox outbox, QueryGateway queryGateway, IntakeGuard intake, PaymentRequestProperties properties,
             Callers callers, ReadYourWrites readYourWrites, OrderPaymentClaims claims, PendingViews pending) {
        this.claims = claims;
        this.pending = pending;
        this.outbox = outbox;
        this.queryGateway = queryGateway;
        this.intake = intake;
        this.properties = properties;
        this.callers = callers;
        this.readYourWrites = readYourWrites;
    }

    public Written<PaymentView> request(PaymentRequests.RequestPayment request) {
        OrderId orderId = new OrderId(request.orderId());
        PaymentId paymentId = PaymentId.forOrder(orderId);
        if (!ownsOrder(orderId)) {
            throw ApiProblem.notFound("order " + request.orderId());
        }
        Optional<AcceptedCommand> earlier = outbox.find(commandId(paymentId));
        if (earlier.isEmpty()) {
            // An order with no claim was placed by a node of the release before the claims (a rolling upgrade):
            // its view says it is paid through its fulfilment all the same.
            Optional<PaymentOrigin> holder = claims.find(orderId).map(OrderPaymentClaim::origin)
                    .or(() -> findOrder(orderId).map(order -> PaymentOrigin.FULFILMENT));
            if (holder.isPresent()) {
                // An order placed here is paid by its fulfilment saga: a second payment could only be a second charge.
                // Only a fast answer for the obvious case: the Payment aggregate decides (OnePaymentPerOrder), also
                // against an order placed under this id while this request waits to be sent.
                throw new ApiProblem(HttpStatus.CONFLICT, OrderPaymentClaim.ALREADY_HAS_PAYMENT, "order " + orderId
                        + (holder.get() == PaymentOrigin.FULFILMENT ? " is paid through its fulfilment"
                        : " already has a payment") + " (payment " + paymentId + ")");
            }
            intake.requireOpen();
        }
        var command = new RequestPaymentCommand(paymentId, orderId,
                new Money(request.amount(), request.currency()), request.paymentToken(),
                Instant.now().plus(properties.deadline()), PaymentOrigin.PAYMENTS_API);
        var acceptance = outbox.accept(commandId(paymentId), command, paymentId.toString(), request);
        if (!acceptance.sameRequest()) {
            throw new ApiProblem(HttpStatus.CONFLICT, OrderPaymentClaim.ALREADY_HAS_PAYMENT,
                    "order " + orderId + " already has a payment (" + paymentId + ") with other details");
        }
        PaymentView answer = find(paymentId).orElseThrow();
        Optional<Long> token = readYourWrites.acceptedToken(commandId(paymentId));
        refuseIfPaidElsewhere(outbox.find(commandId(paymentId)));
        return Written.of(answer, token);
    }

    /** The payment if it exists and the caller may see it, or {@code 404}. */
    public PaymentView get(UUID paymentId) {
        return find(new PaymentId(paymentId)).filter(payment -> ownsOrder(OrderId.of(payment.orderId())))
                .orElseThrow(() -> ApiProblem.notFound("payment " + paymentId));
    }

    /** The payments of an order the caller may see, or {@code 404}. */
    public List<PaymentView> ofOrder(UUID orderId) {
        if (!ownsOrder(new OrderId(orderId))) {
            throw ApiProblem.notFound("order " + orderId);
        }
        return queryGateway.query(new FindPaymentsOfOrderQuery(new OrderId(orderId)),
                ResponseTypes.multipleInstancesOf(PaymentView.class)).join();
    }

    /**
     * The payments of orders the caller has already been shown, by payment id, in one query: a page of orders links
     * to its payments without a query per order. Whoever may see an order may see its payment, so the orders'
     * ownership is the check; a payment not projected yet is absent.
     */
    public Map<String, PaymentView> ofShownOrders(Collection<OrderView> orders) {
        List<PaymentId> ids = orders.stream().map(OrderView::paymentId).filter(Objects::nonNull).distinct()
                .map(PaymentId::of).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return queryGateway.query(new FindPaymentsQuery(ids), ResponseTypes.multipleInstancesOf(PaymentView.class))
                .join().stream().collect(Collectors.toMap(PaymentView::paymentId, Function.identity()));
    }

    /**
     * Operators see every payment, including those taken for an order id that has no order (the payments API can be
     * used on its own).
     */
    private boolean ownsOrder(OrderId orderId) {
        Caller caller = callers.current();
        return caller.ops() || findOrder(orderId).filter(order -> caller.owns(order.customerId())).isPresent();
    }

    private Optional<OrderView> findOrder(OrderId orderId) {
        return queryGateway.query(new FindOrderQuery(orderId), ResponseTypes.optionalInstanceOf(OrderView.class))
                .join();
    }

    /**
     * Answers {@code 409 order-already-has-payment} when the command side refused the stored command for that reason
     * within the accept wait: an order id's payment taken by someone else in a race the pre-checks could not see.
     */
    public static void refuseIfPaidElsewhere(Optional<AcceptedCommand> stored) {
        stored.filter(Payments::refusedAsPaidElsewhere).ifPresent(refused -> {
            throw new ApiProblem(HttpStatus.CONFLICT, OrderPaymentClaim.ALREADY_HAS_PAYMENT, refused.failureDetail());
        });
    }

    private static boolean refusedAsPaidElsewhere(AcceptedCommand accepted) {
        return accepted.failed() && OrderPaymentClaim.ALREADY_HAS_PAYMENT.equals(accepted.failureCode());
    }

    /**
     * The payment under this id, or the payments-API request stored under it. To an operator, a request refused
     * because the order id's payment is another's (its order's fulfilment won a race) shows {@code REJECTED} here,
     * never that payment, which its requester would take for their own; the order's payment stays visible through the
     * order. Only an operator can have stored such a request (a customer may pay only an order they already see, which
     * its placing claimed first), so the order's customer sees the order's own payment under its id, as before.
     */
    private Optional<PaymentView> find(PaymentId paymentId) {
        Optional<AcceptedCommand> stored = outbox.find(commandId(paymentId));
        if (callers.current().ops() && stored.filter(Payments::refusedAsPaidElsewhere).isPresent()) {
            return stored.map(pending::payment);
        }
        Optional<PaymentView> projected = queryGateway.query(new FindPaymentQuery(paymentId),
                ResponseTypes.optionalInstanceOf(PaymentView.class)).join();
        if (projected.isPresent()) {
            return projected;
        }
        return stored.map(pending::payment);
    }

    private static String commandId(PaymentId paymentId) {
        return "pay:" + paymentId;
    }
}
