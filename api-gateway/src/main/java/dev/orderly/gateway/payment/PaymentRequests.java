package dev.orderly.gateway.payment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

public final class PaymentRequests {

    private PaymentRequests() {
    }

    /**
     * An order's one payment; its id is derived from the order id, so a retried request finds the same payment.
     *
     * @param paymentToken the payment provider's token for the customer's card; never a card number
     */
    public record RequestPayment(@NotNull UUID orderId,
                          @NotNull @Min(1) @Max(100_000_000_00L) Long amount,
                          @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                          @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+") String paymentToken) {

        /** Leaves out the token, which can charge the customer. */
        @Override
        public String toString() {
            return "RequestPayment[orderId=" + orderId + ", amount=" + amount + " "
                    + currency + ", paymentToken=****]";
        }
    }
}
