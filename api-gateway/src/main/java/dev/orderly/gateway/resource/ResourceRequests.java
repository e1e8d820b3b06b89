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

    /** The largest unit price, in minor units: a line of {@link #MAX_UNITS} of it still fits in a {@code long}. */
    public static final long MAX_UNIT_PRICE = 100_000_000_00L;

    /**
     * @param unitPrice what one unit costs, in minor units of {@code currency}; every order of the resource pays it
     * @param currency  ISO 4217, three upper-case letters
     */
    public record RegisterResource(@NotBlank @Size(max = 200) String name,
                            @NotNull @Min(1) @Max(MAX_UNITS) Integer capacity,
                            @NotNull @Min(1) @Max(MAX_UNIT_PRICE) Long unitPrice,
                            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {
    }

    public record ChangePrice(@NotNull @Min(1) @Max(MAX_UNIT_PRICE) Long unitPrice,
                              @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {
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
