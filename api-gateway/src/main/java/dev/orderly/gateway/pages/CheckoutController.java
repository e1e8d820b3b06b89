package dev.orderly.gateway.pages;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a checkout page asks before it takes a card: where to tokenise it. A frontend of its own (a third party's, or
 * the booking page) reads it here rather than hard-coding the provider, so one build works against the sandbox and
 * against the real provider.
 */
@RestController
class CheckoutController {

    /** @param cardTokenizationUrl {@code POST {"card"}} there answers {@code {"token":"tok_..."}} */
    record Checkout(String cardTokenizationUrl) {
    }

    private final PagesProperties properties;

    CheckoutController(PagesProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/checkout")
    Checkout checkout() {
        return new Checkout(properties.cardTokenizationUrl().toString());
    }
}
