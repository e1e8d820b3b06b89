package dev.orderly.gateway.order;

import dev.orderly.gateway.security.Callers;
import dev.orderly.gateway.security.StreamTickets;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stream tickets for browsers: an {@code EventSource} cannot send {@code Authorization}, so a page asks for a ticket
 * with its credentials and opens {@code GET /api/orders/{orderId}/events?ticket=...} with it. A ticket opens that one
 * order's stream, once, as the caller who asked. Someone else's order is {@code 404}, as is one never placed.
 * The answer is {@code 200}, not {@code 201}: a ticket is a credential handed over, not a resource to look up.
 */
@RestController
@RequestMapping("/api/stream-tickets")
class StreamTicketController {

    private final Orders orders;
    private final StreamTickets tickets;
    private final Callers callers;

    StreamTicketController(Orders orders, StreamTickets tickets, Callers callers) {
        this.orders = orders;
        this.tickets = tickets;
        this.callers = callers;
    }

    @PostMapping
    ResponseEntity<StreamTickets.Ticket> issue(@Valid @RequestBody OrderRequests.StreamTicket request) {
        orders.get(request.orderId());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(tickets.issue(callers.current(), request.orderId()));
    }
}
