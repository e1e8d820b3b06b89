package dev.orderly.gateway.security;

import dev.orderly.gateway.problem.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The authenticated caller of a request, as the API sees it.
 *
 * @param name the login or JWT subject; for a customer it is the customer id that their orders and reservations carry
 * @param ops  true for operators, who may read and act on every customer's orders and reservations
 */
public record Caller(String name, boolean ops) {

    /** Whether this caller may see or act on something owned by {@code customerId}. */
    public boolean owns(String customerId) {
        return ops || name.equals(customerId);
    }

    /**
     * The customer a new order or reservation is for. A customer acts for themselves: the field may be left out, and
     * naming someone else is refused. An operator acting for a customer must name them.
     */
    public String customerFor(String requested) {
        if (ops) {
            if (requested == null || requested.isBlank()) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "customer-required",
                        "an operator acting for a customer must name the customer in customerId");
            }
            return requested;
        }
        if (requested != null && !requested.equals(name)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "customer-mismatch",
                    "customerId must be your own (" + name + ") or left out");
        }
        return name;
    }
}
