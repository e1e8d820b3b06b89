package dev.orderly.gateway.pages;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a checkout page asks before it takes a card: where to tokenise it. A frontend of its own (a third party's, or
 * the booking page) reads it here rather than hard-coding the provider, so one build works against the sandbox and
 * against the real provider.
 */
@RestController
@Tag(name = "Payments")
class CheckoutController {

    /** @param cardTokenizationUrl {@code POST {"card"}} there answers {@code {"token":"tok_..."}} */
    record Checkout(String cardTokenizationUrl) {
    }

    private final PagesProperties properties;

    CheckoutController(PagesProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/checkout")
    @Operation(operationId = "getCheckout", summary = "Where a frontend tokenises a card before it places an order")
    @ApiResponse(responseCode = "200", description = "`cardTokenizationUrl`: `POST {\"card\"}` there, from the "
            + "browser, answers the `paymentToken` an order carries; the card number never reaches Orderly.")
    Checkout checkout() {
        return new Checkout(properties.cardTokenizationUrl().toString());
    }
}
