package dev.sandbox.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Exchanges;
import dev.sandbox.http.Json;
import dev.sandbox.http.JsonHandler;
import dev.sandbox.http.Reply;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** {@code GET} answers {@code {"enabled":bool}}; {@code POST {"enabled":bool}} sets the switch and answers it. */
final class SwitchHandler extends JsonHandler {

    private final String path;
    private final BooleanSupplier getter;
    private final Consumer<Boolean> setter;

    SwitchHandler(String path, BooleanSupplier getter, Consumer<Boolean> setter) {
        this.path = path;
        this.getter = getter;
        this.setter = setter;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws Exception {
        byte[] body = Exchanges.readBody(exchange);
        if (!exchange.getRequestURI().getPath().equals(path)) {
            Exchanges.send(exchange, notFound(exchange));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> Exchanges.send(exchange, state());
            case "POST" -> {
                JsonNode enabled = Json.readObject(body, false).get("enabled");
                if (enabled == null || !enabled.isBoolean()) {
                    throw new BadRequestException("invalid_request", "Expected {\"enabled\": true|false}");
                }
                setter.accept(enabled.booleanValue());
                Exchanges.send(exchange, state());
            }
            default -> Exchanges.send(exchange, methodNotAllowed(exchange));
        }
    }

    private Reply state() {
        return Reply.json(200, Map.of("enabled", getter.getAsBoolean()));
    }
}
