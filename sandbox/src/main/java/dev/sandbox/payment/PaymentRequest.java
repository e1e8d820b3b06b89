package dev.sandbox.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Json;

import java.util.regex.Pattern;

import static dev.sandbox.http.RequestFields.optionalBoolean;
import static dev.sandbox.http.RequestFields.requiredText;

/**
 * A payment as posted to {@code /v1/payments}, validated in the order the provider checks its fields: a body that
 * does not pass is a 400 before a card is looked at or an attempt counted.
 *
 * @param capture whether to capture at once (the default) or only authorise
 */
record PaymentRequest(long amount, String currency, String token, String orderReference, boolean capture) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** @throws BadRequestException when the body is not a valid payment */
    static PaymentRequest parse(byte[] body) {
        ObjectNode json = Json.readObject(body, false);
        long amount = positiveAmount(json);
        String currency = requiredText(json, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new BadRequestException("invalid_request",
                    "currency must be an ISO-4217 code of 3 upper-case letters: " + currency);
        }
        if (json.has("card")) {
            throw new BadRequestException("invalid_request",
                    "card numbers are not taken here: tokenise the card with POST /v1/tokens and send its token");
        }
        String token = requiredText(json, "token");
        String orderReference = requiredText(json, "orderReference");
        return new PaymentRequest(amount, currency, token, orderReference, optionalBoolean(json, "capture", true));
    }

    /** The {@code amount} of a payment or a refund: whole minor units, above zero. */
    static long positiveAmount(ObjectNode json) {
        JsonNode node = json.get("amount");
        if (node == null || node.isNull()) {
            throw new BadRequestException("invalid_request", "amount is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new BadRequestException("invalid_request", "amount must be a whole number of minor units");
        }
        long amount = node.longValue();
        if (amount <= 0) {
            throw new BadRequestException("invalid_request", "amount must be positive: " + amount);
        }
        return amount;
    }
}
