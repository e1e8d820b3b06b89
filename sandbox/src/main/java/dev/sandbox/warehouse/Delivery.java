package dev.sandbox.warehouse;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/**
 * One attempt to post a shipment notice.
 *
 * @param shipmentId     the shipment
 * @param picklistId     its picklist
 * @param orderReference its order reference
 * @param attempt        1 for the first try, counted again from 1 for a redelivery
 * @param httpStatus     the receiver's HTTP status, or 0 when no answer came (connection refused, timeout)
 * @param at             when the attempt ended
 * @param error          what went wrong when {@code httpStatus} is 0, else {@code null}
 * @param redelivery     whether the attempt belongs to an admin redelivery
 */
@JsonPropertyOrder({"shipmentId", "picklistId", "orderReference", "attempt", "status", "at", "error", "redelivery"})
public record Delivery(String shipmentId, String picklistId, String orderReference, int attempt,
                       @JsonIgnore int httpStatus, Instant at, @JsonInclude(JsonInclude.Include.NON_NULL) String error,
                       boolean redelivery) {

    /** The HTTP status as a number, or {@code "error"} when no answer came. */
    @JsonProperty("status")
    public Object status() {
        return httpStatus == 0 ? "error" : httpStatus;
    }

    /** Whether the receiver answered 2xx. */
    @JsonIgnore
    public boolean delivered() {
        return httpStatus >= 200 && httpStatus < 300;
    }
}
