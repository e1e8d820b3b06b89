package dev.sandbox.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Exchanges;
import dev.sandbox.http.Json;
import dev.sandbox.http.JsonHandler;
import dev.sandbox.http.Reply;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The warehouse's admin endpoints: {@code /admin/warehouse/hold}, {@code /admin/warehouse/ship-delay} and
 * {@code /admin/warehouse/redeliver?orderReference=R}.
 */
final class WarehouseAdminHandler extends JsonHandler {

    private final WarehouseSimulator warehouse;

    WarehouseAdminHandler(WarehouseSimulator warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws Exception {
        byte[] body = Exchanges.readBody(exchange);
        String method = exchange.getRequestMethod();
        Reply reply = switch (exchange.getRequestURI().getPath()) {
            case "/admin/warehouse/hold" -> switch (method) {
                case "GET" -> hold();
                case "POST" -> {
                    JsonNode enabled = Json.readObject(body, false).get("enabled");
                    if (enabled == null || !enabled.isBoolean()) {
                        throw new BadRequestException("invalid_request", "Expected {\"enabled\": true|false}");
                    }
                    warehouse.setHold(enabled.booleanValue());
                    yield hold();
                }
                default -> methodNotAllowed(exchange);
            };
            case "/admin/warehouse/ship-delay" -> switch (method) {
                case "GET" -> shipDelay();
                case "POST" -> {
                    JsonNode millis = Json.readObject(body, false).get("millis");
                    if (millis == null || !millis.isIntegralNumber() || !millis.canConvertToLong()
                            || millis.longValue() < 0) {
                        throw new BadRequestException("invalid_request",
                                "Expected {\"millis\": N} with a whole number N >= 0");
                    }
                    warehouse.setShipDelay(Duration.ofMillis(millis.longValue()));
                    yield shipDelay();
                }
                default -> methodNotAllowed(exchange);
            };
            case "/admin/warehouse/redeliver" -> method.equals("POST") ? redeliver(exchange)
                    : methodNotAllowed(exchange);
            default -> notFound(exchange);
        };
        Exchanges.send(exchange, reply);
    }

    private Reply hold() {
        return Reply.json(200, Map.of("enabled", warehouse.isHold()));
    }

    private Reply shipDelay() {
        return Reply.json(200, Map.of("millis", warehouse.shipDelay().toMillis()));
    }

    private Reply redeliver(HttpExchange exchange) {
        String order = Exchanges.query(exchange).get("orderReference");
        if (order == null || order.isBlank()) {
            throw new BadRequestException("invalid_request", "The query parameter orderReference is required");
        }
        return warehouse.redeliver(order).map(shipment -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("shipmentId", shipment.shipmentId());
            answer.put("orderReference", shipment.orderReference());
            answer.put("callbackUrl", shipment.callbackUrl());
            answer.put("redelivered", true);
            return Reply.json(202, answer);
        }).orElseGet(() -> Reply.error(404, "not_found", "Order " + order + " has no shipment"));
    }
}
