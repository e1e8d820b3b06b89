package dev.orderly.gateway.command;

import java.time.Instant;

/**
 * A command the API accepted.
 *
 * @param status        {@code PENDING} until the command side decided it, then {@code DISPATCHED}, or
 *                      {@code FAILED} when it refused the command
 * @param failureCode   the refusal's stable code when {@code FAILED}
 * @param failureDetail the refusal's explanation when {@code FAILED}
 * @param correlationId the correlation id of the request it was accepted from, carried on when it is dispatched
 */
public record AcceptedCommand(String commandId, String commandType, String aggregateId, String payload,
                              String requestHash, String status, int attempts, String failureCode,
                              String failureDetail, Instant acceptedAt, String correlationId) {

    public static final String PENDING = "PENDING";
    public static final String DISPATCHED = "DISPATCHED";
    public static final String FAILED = "FAILED";

    public boolean failed() {
        return FAILED.equals(status);
    }
}
