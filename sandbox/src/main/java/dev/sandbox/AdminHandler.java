package dev.sandbox;

import com.sun.net.httpserver.HttpExchange;
import dev.sandbox.http.Exchanges;
import dev.sandbox.http.JsonHandler;
import dev.sandbox.http.Reply;

import java.util.Map;

/** {@code GET /admin/health}, {@code POST /admin/reset}, and JSON 404s for every path nobody mounted. */
final class AdminHandler extends JsonHandler {

    private final SandboxServer server;

    AdminHandler(SandboxServer server) {
        this.server = server;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws Exception {
        Exchanges.readBody(exchange);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Reply reply = switch (path) {
            case "/admin/health" -> method.equals("GET") ? Reply.json(200, Map.of("status", "UP"))
                    : methodNotAllowed(exchange);
            case "/admin/reset" -> {
                if (!method.equals("POST")) {
                    yield methodNotAllowed(exchange);
                }
                server.reset();
                yield Reply.json(200, Map.of("reset", true));
            }
            default -> notFound(exchange);
        };
        Exchanges.send(exchange, reply);
    }
}
