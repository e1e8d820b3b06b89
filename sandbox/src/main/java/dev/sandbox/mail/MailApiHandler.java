package dev.sandbox.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Exchanges;
import dev.sandbox.http.Json;
import dev.sandbox.http.JsonHandler;
import dev.sandbox.http.Reply;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /mail/messages[?to=addr]} and {@code GET|POST /admin/mail/refuse}. */
final class MailApiHandler extends JsonHandler {

    private final MailSimulator mail;

    MailApiHandler(MailSimulator mail) {
        this.mail = mail;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws Exception {
        byte[] body = Exchanges.readBody(exchange);
        String method = exchange.getRequestMethod();
        Reply reply = switch (exchange.getRequestURI().getPath()) {
            case "/mail/messages" -> {
                if (!method.equals("GET")) {
                    yield methodNotAllowed(exchange);
                }
                String to = Exchanges.query(exchange).get("to");
                yield Reply.json(200, Map.of("data", to == null ? mail.messages() : mail.messages(to)));
            }
            case "/admin/mail/refuse" -> switch (method) {
                case "GET" -> refusals();
                case "POST" -> {
                    JsonNode count = Json.readObject(body, false).get("count");
                    if (count == null || !count.isIntegralNumber() || !count.canConvertToInt()
                            || count.intValue() < 0) {
                        throw new BadRequestException("invalid_request",
                                "Expected {\"count\": N} with a whole number N >= 0");
                    }
                    mail.refuseNext(count.intValue());
                    yield refusals();
                }
                default -> methodNotAllowed(exchange);
            };
            default -> notFound(exchange);
        };
        Exchanges.send(exchange, reply);
    }

    private Reply refusals() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("remaining", mail.remainingRefusals());
        answer.put("refused", mail.refusedCount());
        return Reply.json(200, answer);
    }
}
