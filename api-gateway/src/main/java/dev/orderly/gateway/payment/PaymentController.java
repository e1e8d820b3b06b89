package dev.orderly.gateway.payment;

import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.query.payment.PaymentView;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Payments over HTTP; see {@link Payments}. */
@RestController
class PaymentController {

    private final Payments payments;
    private final ReadYourWrites readYourWrites;

    PaymentController(Payments payments, ReadYourWrites readYourWrites) {
        this.payments = payments;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping("/api/payments")
    ResponseEntity<PaymentView> request(@Valid @RequestBody PaymentRequests.RequestPayment request,
                                        HttpServletResponse response) {
        PaymentView requested = readYourWrites.answer(payments.request(request), response);
        return ResponseEntity.accepted().location(URI.create("/api/payments/" + requested.paymentId()))
                .body(requested);
    }

    /** With {@code Consistent-With}, once the payment's projection has the write; another's payment is 404 at once. */
    @GetMapping("/api/payments/{paymentId}")
    CompletableFuture<PaymentView> get(@PathVariable UUID paymentId,
                                       @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false)
                                       Long consistentWith,
                                       HttpServletResponse response) {
        return readYourWrites.read(Payments.PROJECTION, consistentWith, response, () -> payments.get(paymentId),
                () -> payments.get(paymentId));
    }

    @GetMapping("/api/orders/{orderId}/payments")
    List<PaymentView> ofOrder(@PathVariable UUID orderId) {
        return payments.ofOrder(orderId);
    }
}
