package dev.sandbox.warehouse;

import com.sun.net.httpserver.HttpExchange;
import dev.sandbox.http.Exchanges;
import dev.sandbox.http.Json;
import dev.sandbox.http.JsonHandler;
import dev.sandbox.http.Reply;

import java.io.IOException;
import java.util.Map;

/** The warehouse's HTTP API under {@code /warehouse}. */
final class WarehouseApiHandler extends JsonHandler {

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final String PICKLISTS = "/warehouse/picklists";

    private final WarehouseSimulator warehouse;

    WarehouseApiHandler(WarehouseSimulator warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals(PICKLISTS)) {
            switch (method) {
                case "POST" -> Exchanges.send(exchange, create(exchange));
                case "GET" -> {
                    Exchanges.readBody(exchange);
                    String order = Exchanges.query(exchange).get("orderReference");
                    Exchanges.send(exchange, Reply.json(200, Map.of("data",
                            order == null ? warehouse.picklists() : warehouse.picklists(order))));
                }
                default -> Exchanges.send(exchange, methodNotAllowed(exchange));
            }
            return;
        }
        Exchanges.readBody(exchange);
        if (path.startsWith(PICKLISTS + "/") && path.indexOf('/', PICKLISTS.length() + 1) < 0) {
            String id = path.substring(PICKLISTS.length() + 1);
            Exchanges.send(exchange, !method.equals("GET") ? methodNotAllowed(exchange)
                    : warehouse.picklist(id).map(p -> Reply.json(200, p))
                    .orElseGet(() -> Reply.error(404, "not_found", "No picklist " + id)));
            return;
        }
        if (path.equals("/warehouse/shipments") || path.equals("/warehouse/deliveries")) {
            if (!method.equals("GET")) {
                Exchanges.send(exchange, methodNotAllowed(exchange));
                return;
            }
            String order = Exchanges.query(exchange).get("orderReference");
            Object data = path.endsWith("shipments")
                    ? (order == null ? warehouse.shipments() : warehouse.shipments(order))
                    : (order == null ? warehouse.deliveries() : warehouse.deliveries(order));
            Exchanges.send(exchange, Reply.json(200, Map.of("data", data)));
            return;
        }
        Exchanges.send(exchange, notFound(exchange));
    }

    /** {@code POST /warehouse/picklists}: needs a key; replays, refuses a reused key, or accepts a new picklist. */
    private Reply create(HttpExchange exchange) throws InterruptedException, IOException {
        byte[] body = Exchanges.readBody(exchange);
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY_HEADER);
        if (key == null || key.isBlank()) {
            return Reply.error(400, "invalid_request", "The " + IDEMPOTENCY_KEY_HEADER + " header is required");
        }
        if (!warehouse.isDedupeEnabled()) {
            return warehouse.accept(key, body);
        }
        String scopedKey = "POST " + PICKLISTS + " " + key;
        return warehouse.idempotency().execute(scopedKey, Json.canonical(body), () -> warehouse.accept(key, body));
    }
}
