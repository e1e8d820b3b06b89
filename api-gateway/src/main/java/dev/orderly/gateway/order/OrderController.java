package dev.orderly.gateway.order;

import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Orders over HTTP: placing one answers {@code 202} at once; the fulfilment saga then moves it to its outcome. */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "Place, follow and cancel orders; a saga reserves, charges and ships each one.")
@Validated
class OrderController {

    private final Orders orders;
    private final OrderStatusStream statusStream;
    private final ReadYourWrites readYourWrites;

    OrderController(Orders orders, OrderStatusStream statusStream, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.statusStream = statusStream;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping
    @Operation(operationId = "placeOrder", summary = "Place an order at the catalogue's prices",
            description = "Retry with the same `orderId` safely: the same request is the same order.")
    @ApiResponse(responseCode = "202", description = "Accepted, usually `PENDING`: the saga reserves, charges and "
            + "ships it; follow `Location` or its events.", headers = {
            @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION),
            @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN)})
    @ApiResponse(responseCode = "403", description = "`customer-mismatch`: `customerId` is not yours; leave it out.")
    @ApiResponse(responseCode = "404", description = "`not-found`: the `orderId` is another customer's.")
    @ApiResponse(responseCode = "409", description = "`price-changed` (with `resourceId`, `currentUnitPrice`, "
            + "`currency`), `order-id-conflict`, `order-already-has-payment`.")
    @ApiResponse(responseCode = "422", description = "`unknown-resource`, `resource-not-priced`, `mixed-currency`, "
            + "`currency-mismatch`; `customer-required`: an operator must name `customerId`.")
    @ApiResponse(responseCode = "503", description = "`intake-paused` (with `Retry-After`): new orders are paused; "
            + "`unavailable`.")
    ResponseEntity<OrderView> place(@Valid @RequestBody OrderRequests.PlaceOrder request,
                                    HttpServletResponse response) {
        OrderView placed = readYourWrites.answer(orders.place(request), response);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + placed.orderId())).body(placed);
    }

    /** With {@code Consistent-With}, once the order's projection has the write; someone else's order is 404 at once. */
    @GetMapping("/{orderId}")
    @Operation(operationId = "getOrder", summary = "An order: status, lines, total, payment, shipment, timeline")
    CompletableFuture<OrderView> get(@PathVariable UUID orderId,
                                     @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false)
                                     Long consistentWith,
                                     HttpServletResponse response) {
        return readYourWrites.read(Orders.PROJECTION, consistentWith, response, () -> orders.get(orderId),
                () -> orders.get(orderId));
    }

    @GetMapping
    @Operation(operationId = "listOrders", summary = "A page of orders, in id order: yours, or (OPS) anyone's")
    @ApiResponse(responseCode = "200", description = "A page; `nextCursor` is the `after` of the next one.")
    @ApiResponse(responseCode = "403", description = "`customer-mismatch`: a customer lists only their own orders.")
    OrderPage list(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId,
                   @RequestParam(required = false) @Pattern(regexp = "[A-Z_]+") String status,
                   @RequestParam(required = false) UUID after,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return orders.list(customerId, status, after, limit);
    }

    /**
     * The order's status changes as server-sent events, from its current status to a terminal one; {@code 429} when
     * the caller has {@code orderly.live.max-streams-per-caller} open already.
     */
    @GetMapping(path = "/{orderId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamOrderEvents", summary = "The order's status changes, live (server-sent events)")
    @ApiResponse(responseCode = "200", description = "One `status` event per change, its data the order as JSON "
            + "(an `OrderView`), from the current status to `SHIPPED`, `CANCELLED` or `REJECTED`.",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "401", description = "`unauthenticated`; `invalid-stream-ticket`: the `ticket` is "
            + "forged, expired, used already or for another order.")
    @Parameter(name = "ticket", in = ParameterIn.QUERY, required = false, schema = @Schema(type = "string"),
            description = "A stream ticket (`POST /api/stream-tickets`) instead of `Authorization`, for a browser's "
                    + "`EventSource`; it opens this order's stream once.")
    SseEmitter events(@PathVariable UUID orderId) {
        return statusStream.open(orders.statusChanges(orderId));
    }

    /** Cancels before shipping: {@code 202} while compensation runs, {@code 409} once the order has shipped. */
    @PostMapping("/{orderId}/cancellation")
    @Operation(operationId = "cancelOrder", summary = "Cancel an order before it ships")
    @ApiResponse(responseCode = "202", description = "Accepted: compensation (release, refund) follows.", headers = {
            @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION),
            @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN)})
    @ApiResponse(responseCode = "409", description = "`order-already-shipped`; `order-pending`: still being placed, "
            + "try again in a moment; or another refusal of its state.")
    ResponseEntity<OrderView> cancel(@PathVariable UUID orderId,
                                     @Valid @RequestBody(required = false) OrderRequests.Cancel request,
                                     HttpServletResponse response) {
        OrderView cancelled = readYourWrites.answer(orders.cancel(orderId, request == null ? null : request.reason()),
                response);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + orderId)).body(cancelled);
    }
}
