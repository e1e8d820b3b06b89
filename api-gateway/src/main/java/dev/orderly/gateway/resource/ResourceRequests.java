package dev.orderly.gateway.resource;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Request bodies of the resource endpoints, validated before any command is built. */
public final class ResourceRequests {

    public static final int MAX_UNITS = 1_000_000;

    private ResourceRequests() {
    }

    public record RegisterResource(@NotBlank @Size(max = 200) String name,
                            @NotNull @Min(1) @Max(MAX_UNITS) Integer capacity) {
    }

    public record ChangeCapacity(@NotNull @Min(1) @Max(MAX_UNITS) Integer capacity) {
    }

    /**
     * @param reservationId optional; a client that supplies it may retry the request safely
     * @param customerId    optional for a customer, who reserves for themselves; required when an operator reserves
     *                      for one
     */
    public record Reserve(UUID reservationId,
                   @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId,
                   @NotNull @Min(1) @Max(MAX_UNITS) Integer quantity) {
    }

    public record Release(@Size(max = 200) String reason) {
    }
}
