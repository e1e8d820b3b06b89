package dev.orderly.gateway.order;

import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderView;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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
    ResponseEntity<OrderView> place(@Valid @RequestBody OrderRequests.PlaceOrder request,
                                    HttpServletResponse response) {
        OrderView placed = readYourWrites.answer(orders.place(request), response);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + placed.orderId())).body(placed);
    }

    /** With {@code Consistent-With}, once the order's projection has the write; someone else's order is 404 at once. */
    @GetMapping("/{orderId}")
    CompletableFuture<OrderView> get(@PathVariable UUID orderId,
                                     @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false)
                                     Long consistentWith,
                                     HttpServletResponse response) {
        return readYourWrites.read(Orders.PROJECTION, consistentWith, response, () -> orders.get(orderId),
                () -> orders.get(orderId));
    }

    @GetMapping
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
    SseEmitter events(@PathVariable UUID orderId) {
        return statusStream.open(orders.statusChanges(orderId));
    }

    /** Cancels before shipping: {@code 202} while compensation runs, {@code 409} once the order has shipped. */
    @PostMapping("/{orderId}/cancellation")
    ResponseEntity<OrderView> cancel(@PathVariable UUID orderId,
                                     @Valid @RequestBody(required = false) OrderRequests.Cancel request,
                                     HttpServletResponse response) {
        OrderView cancelled = readYourWrites.answer(orders.cancel(orderId, request == null ? null : request.reason()),
                response);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + orderId)).body(cancelled);
    }
}
