package dev.orderly.gateway.resource;

import dev.orderly.gateway.AggregateLookup;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.query.resource.ResourcePage;
import dev.orderly.query.resource.ResourceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** Resources over HTTP; see {@link ResourceCatalogue}. */
@RestController
@RequestMapping("/api/resources")
@Tag(name = "Resources", description = "The catalogue of bookable resources, and reserving their units.")
@Validated
class ResourceController {

    private final ResourceCatalogue catalogue;
    private final ReadYourWrites readYourWrites;
    private final AggregateLookup aggregates;

    ResourceController(ResourceCatalogue catalogue, ReadYourWrites readYourWrites, AggregateLookup aggregates) {
        this.catalogue = catalogue;
        this.readYourWrites = readYourWrites;
        this.aggregates = aggregates;
    }

    @PostMapping
    @Operation(operationId = "registerResource", summary = "Register a resource at a unit price")
    @ApiResponse(responseCode = "201", description = "Registered.", headers = {
            @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION),
            @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN)})
    @ApiResponse(responseCode = "409", description = "`invalid-capacity`, `invalid-name`, `invalid-price`.")
    @ApiResponse(responseCode = "503", description = "`busy` (with `Retry-After`): not done in time, it may still "
            + "complete; `unavailable`.")
    ResponseEntity<ResourceView> register(@Valid @RequestBody ResourceRequests.RegisterResource request,
                                          HttpServletResponse response) throws TimeoutException {
        ResourceView registered = readYourWrites.answer(catalogue.register(request), response);
        return ResponseEntity.created(URI.create("/api/resources/" + registered.resourceId())).body(registered);
    }

    @GetMapping
    @Operation(operationId = "listResources", summary = "A page of resources, in id order")
    @ApiResponse(responseCode = "200", description = "A page; `nextCursor` is the `after` of the next one.")
    CompletableFuture<ResourcePage> list(@RequestParam(required = false) UUID after,
                                         @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                         @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false)
                                         Long consistentWith,
                                         HttpServletResponse response) {
        return readYourWrites.read(ResourceCatalogue.PROJECTION, consistentWith, response, () -> { },
                () -> catalogue.list(after, limit));
    }

    /**
     * With {@code Consistent-With}, once the catalogue's projection has the write. Whether the resource exists is
     * asked of the event store before the wait (it has a resource registered a moment ago, the projection may not):
     * an id that names no resource is 404 at once.
     */
    @GetMapping("/{resourceId}")
    @Operation(operationId = "getResource", summary = "A resource: capacity, held and free units, unit price")
    CompletableFuture<ResourceView> get(@PathVariable UUID resourceId,
                                        @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false)
                                        Long consistentWith,
                                        HttpServletResponse response) {
        return readYourWrites.read(ResourceCatalogue.PROJECTION, consistentWith, response,
                () -> aggregates.requireExists(resourceId.toString(), "Resource"), () -> catalogue.get(resourceId));
    }

    @PutMapping("/{resourceId}/capacity")
    @Operation(operationId = "changeResourceCapacity", summary = "Change a resource's capacity")
    @ApiResponse(responseCode = "204", description = "Changed.",
            headers = @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN))
    @ApiResponse(responseCode = "409", description = "`capacity-below-held`: never below the units held; "
            + "`invalid-capacity`.")
    @ApiResponse(responseCode = "503", description = "`busy` (with `Retry-After`); `unavailable`.")
    ResponseEntity<Void> changeCapacity(@PathVariable UUID resourceId,
                                        @Valid @RequestBody ResourceRequests.ChangeCapacity request,
                                        HttpServletResponse response) throws TimeoutException {
        readYourWrites.answer(catalogue.changeCapacity(resourceId, request), response);
        return ResponseEntity.noContent().build();
    }

    /** OPS: the unit price of later orders; orders placed at the old price are rejected with price-changed. */
    @PutMapping("/{resourceId}/price")
    @Operation(operationId = "changeResourcePrice", summary = "Change the unit price of later orders")
    @ApiResponse(responseCode = "204", description = "Changed.",
            headers = @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN))
    @ApiResponse(responseCode = "409", description = "`invalid-price`.")
    @ApiResponse(responseCode = "503", description = "`busy` (with `Retry-After`); `unavailable`.")
    ResponseEntity<Void> changePrice(@PathVariable UUID resourceId,
                                     @Valid @RequestBody ResourceRequests.ChangePrice request,
                                     HttpServletResponse response) throws TimeoutException {
        readYourWrites.answer(catalogue.changePrice(resourceId, request), response);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{resourceId}/reservations")
    @Operation(operationId = "reserveUnits", summary = "Ask for units of a resource",
            description = "Retry with the same `reservationId` safely: the same request is the same reservation.")
    @ApiResponse(responseCode = "202", description = "Accepted, `PENDING`: the decision follows at `Location` "
            + "(long-poll it with `Prefer: wait=N`).", headers = {
            @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION),
            @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN)})
    @ApiResponse(responseCode = "403", description = "`customer-mismatch`: `customerId` is not yours; leave it out.")
    @ApiResponse(responseCode = "409", description = "`reservation-id-conflict`: the id was used with other details; "
            + "`quota-exceeded` (with `held`, `limit`).")
    @ApiResponse(responseCode = "422", description = "`customer-required`: an operator must name `customerId`.")
    ResponseEntity<ReservationResponse> reserve(@PathVariable UUID resourceId,
                                                @Valid @RequestBody ResourceRequests.Reserve request,
                                                HttpServletResponse response) {
        ReservationResponse status = readYourWrites.answer(catalogue.reserve(resourceId, request), response);
        return ResponseEntity.accepted().location(URI.create("/api/reservations/" + status.reservationId()))
                .body(status);
    }
}
