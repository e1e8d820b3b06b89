package dev.orderly.gateway.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

public final class OrderRequests {

    private OrderRequests() {
    }

    /**
     * @param orderId    optional; a client that supplies it may retry the request safely
     * @param customerId optional for a customer, who orders for themselves; required when an operator orders for one
     * @param currency   optional: the currency the customer expects to pay in, which must be the resources'
     * @param paymentToken the payment provider's token for the customer's card, made by the provider's checkout (the
     *                     sandbox's {@code POST /v1/tokens}); never a card number, which any field refuses
     */
    public record PlaceOrder(UUID orderId,
                      @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId,
                      @NotBlank @Email @Size(max = 320) String email,
                      @Pattern(regexp = "[A-Z]{3}") String currency,
                      @NotEmpty @Size(max = 50) List<@Valid @NotNull Line> lines,
                      @NotNull @Valid Address shipTo,
                      @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+") String paymentToken) {

        /** Leaves out what identifies the customer and can charge them. */
        @Override
        public String toString() {
            return "PlaceOrder[orderId=" + orderId + ", customerId=" + customerId + ", lines=" + lines
                    + ", paymentToken=****]";
        }
    }

    /**
     * @param unitPrice optional: the unit price the customer saw, in minor units. The order pays the catalogue's
     *                  price; a different one refuses the order ({@code price-changed}) rather than charge a surprise
     */
    public record Line(@NotNull UUID resourceId,
                @NotNull @Min(1) @Max(1_000_000) Integer quantity,
                @Min(1) @Max(100_000_000_00L) Long unitPrice) {
    }

    public record Address(@NotBlank @Size(max = 200) String name,
                   @NotBlank @Size(max = 200) String street,
                   @NotBlank @Size(max = 100) String city,
                   @NotBlank @Size(max = 20) String postalCode,
                   @NotBlank @Pattern(regexp = "[A-Z]{2}") String country) {
    }

    public record Cancel(@Size(max = 200) String reason) {
    }

    /** @param orderId the order whose event stream the ticket opens: one the caller may see */
    public record StreamTicket(@NotNull UUID orderId) {
    }
}
