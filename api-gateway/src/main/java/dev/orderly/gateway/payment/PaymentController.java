package dev.orderly.gateway.payment;

import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.query.payment.PaymentView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
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
@Tag(name = "Payments", description = "Payment intents and their outcome at the provider.")
class PaymentController {

    private final Payments payments;
    private final ReadYourWrites readYourWrites;

    PaymentController(Payments payments, ReadYourWrites readYourWrites) {
        this.payments = payments;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping("/api/payments")
    @Operation(operationId = "requestPayment", summary = "Store the payment intent of an order",
            description = "An order has one payment, its id derived from the order's: the same request again is the "
                    + "same payment.")
    @ApiResponse(responseCode = "202", description = "Accepted, `PENDING`: the charge follows at `Location`.",
            headers = {
            @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION),
            @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN)})
    @ApiResponse(responseCode = "404", description = "`not-found`: the order is not yours.")
    @ApiResponse(responseCode = "409", description = "`order-already-has-payment`: paid through its fulfilment, or "
            + "requested with other details; `invalid-amount`.")
    @ApiResponse(responseCode = "503", description = "`intake-paused` (with `Retry-After`): new payments are paused; "
            + "`unavailable`.")
    ResponseEntity<PaymentView> request(@Valid @RequestBody PaymentRequests.RequestPayment request,
                                        HttpServletResponse response) {
        PaymentView requested = readYourWrites.answer(payments.request(request), response);
        return ResponseEntity.accepted().location(URI.create("/api/payments/" + requested.paymentId()))
                .body(requested);
    }

    /** With {@code Consistent-With}, once the payment's projection has the write; another's payment is 404 at once. */
    @GetMapping("/api/payments/{paymentId}")
    @Operation(operationId = "getPayment", summary = "A payment: status, amounts, attempts, idempotency key")
    CompletableFuture<PaymentView> get(@PathVariable UUID paymentId,
                                       @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false)
                                       Long consistentWith,
                                       HttpServletResponse response) {
        return readYourWrites.read(Payments.PROJECTION, consistentWith, response, () -> payments.get(paymentId),
                () -> payments.get(paymentId));
    }

    @GetMapping("/api/orders/{orderId}/payments")
    @Operation(operationId = "listOrderPayments", summary = "The payments of an order")
    List<PaymentView> ofOrder(@PathVariable UUID orderId) {
        return payments.ofOrder(orderId);
    }
}
