package dev.orderly.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.command.order.OrderId;
import dev.orderly.gateway.problem.ApiProblem;
import org.springframework.http.HttpStatus;

import java.io.IOException;

/** A verified shipment notice, as far as Orderly reads it: which shipment, of which order, with whom. */
record ShipmentNotice(String shipmentId, OrderId orderId, String carrier, String trackingNumber) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The notice in a body whose signature has been checked.
     *
     * @throws ApiProblem {@code 400 invalid-request} when it is not JSON or lacks {@code shipmentId} or a valid
     *                    {@code orderReference}
     */
    static ShipmentNotice parse(byte[] body) {
        JsonNode notice;
        try {
            notice = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the notice is not JSON");
        } catch (IOException e) {
            throw new IllegalStateException("a byte array could not be read", e);
        }
        String shipmentId = notice.path("shipmentId").asText("");
        String orderReference = notice.path("orderReference").asText("");
        if (shipmentId.isBlank() || orderReference.isBlank()) {
            throw invalid("a notice needs shipmentId and orderReference");
        }
        OrderId orderId;
        try {
            orderId = OrderId.of(orderReference);
        } catch (IllegalArgumentException e) {
            throw invalid("orderReference is not an order id");
        }
        return new ShipmentNotice(shipmentId, orderId, notice.path("carrier").asText(""),
                notice.path("trackingNumber").asText(""));
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
    }
}
