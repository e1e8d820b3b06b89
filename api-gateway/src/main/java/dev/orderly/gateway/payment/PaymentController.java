package dev.orderly.gateway.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.FindPaymentQuery;
import dev.orderly.query.payment.FindPaymentsOfOrderQuery;
import dev.orderly.query.payment.PaymentView;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Payments: requesting one answers {@code 202} at once; its status moves from {@code PENDING} to an outcome. */
@RestController
class PaymentController {

    private final CommandOutbox outbox;
    private final QueryGateway queryGateway;
    private final IntakeGuard intake;
    private final PaymentRequestProperties properties;
    private final Callers callers;
    private final ReadYourWrites readYourWrites;

    PaymentController(CommandOutbox outbox, QueryGateway queryGateway, IntakeGuard intake,
                      PaymentRequestProperties properties, Callers callers, ReadYourWrites readYourWrites) {
        this.callers = callers;
        this.readYourWrites = readYourWrites;
        this.outbox = outbox;
        this.queryGateway = queryGateway;
        this.intake = intake;
        this.properties = properties;
    }

    @PostMapping("/api/payments")
    ResponseEntity<PaymentView> request(@Valid @RequestBody PaymentRequests.RequestPayment request,
                                        HttpServletResponse response) {
        PaymentId paymentId = request.paymentId() == null ? PaymentId.random() : new PaymentId(request.paymentId());
        if (!ownsOrder(new OrderId(request.orderId()))) {
            throw ApiProblem.notFound("order " + request.orderId());
        }
        Optional<AcceptedCommand> earlier = outbox.find(commandId(paymentId));
        if (earlier.isEmpty()) {
            intake.requireOpen();
        }
        var command = new RequestPaymentCommand(paymentId, new OrderId(request.orderId()),
                new Money(request.amount(), request.currency()), request.card(),
                Instant.now().plus(properties.deadline()));
        var acceptance = outbox.accept(commandId(paymentId), command, paymentId.toString(),
                new PaymentRequests.RequestPayment(paymentId.value(), request.orderId(), request.amount(),
                        request.currency(), request.card()));
        if (!acceptance.sameRequest()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "payment-id-conflict",
                    "payment " + paymentId + " was already requested with different details");
        }
        readYourWrites.tokenForAccepted(commandId(paymentId), response);
        return ResponseEntity.accepted().location(URI.create("/api/payments/" + paymentId))
                .body(find(paymentId).orElseThrow());
    }

    @GetMapping("/api/payments/{paymentId}")
    PaymentView get(@PathVariable UUID paymentId,
                    @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false) Long consistentWith,
                    HttpServletResponse response) {
        readYourWrites.await("payment-views", consistentWith, response);
        return find(new PaymentId(paymentId)).filter(payment -> ownsOrder(OrderId.of(payment.orderId())))
                .orElseThrow(() -> ApiProblem.notFound("payment " + paymentId));
    }

    @GetMapping("/api/orders/{orderId}/payments")
    List<PaymentView> ofOrder(@PathVariable UUID orderId) {
        if (!ownsOrder(new OrderId(orderId))) {
            throw ApiProblem.notFound("order " + orderId);
        }
        return queryGateway.query(new FindPaymentsOfOrderQuery(new OrderId(orderId)),
                ResponseTypes.multipleInstancesOf(PaymentView.class)).join();
    }

    /**
     * A payment belongs to the customer of its order. Operators see every payment, including those taken for an
     * order id that has no order (the payments API can be used on its own).
     */
    private boolean ownsOrder(OrderId orderId) {
        Caller caller = callers.current();
        return caller.ops() || queryGateway.query(new FindOrderQuery(orderId),
                        ResponseTypes.optionalInstanceOf(OrderView.class)).join()
                .filter(order -> caller.owns(order.customerId())).isPresent();
    }

    private Optional<PaymentView> find(PaymentId paymentId) {
        Optional<PaymentView> projected = queryGateway.query(new FindPaymentQuery(paymentId),
                ResponseTypes.optionalInstanceOf(PaymentView.class)).join();
        if (projected.isPresent()) {
            return projected;
        }
        return outbox.find(commandId(paymentId)).map(accepted -> {
            RequestPaymentCommand command = outbox.payload(accepted, RequestPaymentCommand.class);
            return new PaymentView(paymentId.toString(), command.orderId().toString(),
                    command.amount().minorUnits(), command.amount().currency(),
                    accepted.failed() ? "REJECTED" : "PENDING", 0, 0, 0, paymentId.idempotencyKey(), null,
                    accepted.failed() ? accepted.failureDetail() : null, accepted.acceptedAt());
        });
    }

    private static String commandId(PaymentId paymentId) {
        return "pay:" + paymentId;
    }
}
