package dev.sandbox.payment;

import com.sun.net.httpserver.HttpExchange;
import dev.sandbox.http.Exchanges;
import dev.sandbox.http.Json;
import dev.sandbox.http.JsonHandler;
import dev.sandbox.http.Reply;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The payment provider's HTTP API under {@code /v1}. */
final class PaymentApiHandler extends JsonHandler {

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private static final Pattern PAYMENT = Pattern.compile("/v1/payments/([^/]+)");
    private static final Pattern PAYMENT_ACTION = Pattern.compile("/v1/payments/([^/]+)/(capture|cancel|refunds)");

    /** A mutating operation. */
    @FunctionalInterface
    private interface CallOperation {
        Outcome run(PaymentSimulator.Call call) throws InterruptedException;
    }

    /** A mutating operation on one payment. */
    @FunctionalInterface
    private interface PaymentOperation {
        Outcome run(PaymentSimulator.Call call, String paymentId) throws InterruptedException;
    }

    private final PaymentSimulator provider;

    PaymentApiHandler(PaymentSimulator provider) {
        this.provider = provider;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/v1/tokens")) {
            // A shop's page sends the card here from the customer's browser, so the card never reaches the shop: any
            // origin may, as with a real provider's publishable key. Only tokenisation: charging stays server-side.
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            if (method.equals("OPTIONS")) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
                Exchanges.send(exchange, new Reply(204, Map.of(), new byte[0]));
                return;
            }
        }
        if (provider.isOutage()) {
            exchange.getRequestBody().readAllBytes();
            Exchanges.send(exchange, Reply.error(503, "service_unavailable", "The payment provider is down")
                    .withHeader("Retry-After", "1"));
            return;
        }
        if (path.equals("/v1/payments")) {
            switch (method) {
                case "POST" -> mutate(exchange, provider::create);
                case "GET" -> Exchanges.send(exchange, list(exchange));
                default -> Exchanges.send(exchange, methodNotAllowed(exchange));
            }
            return;
        }
        if (path.equals("/v1/tokens")) {
            // Creating a token moves no money, so it needs no idempotency key: a retry makes another token.
            Exchanges.send(exchange, method.equals("POST") ? provider.tokenise(Exchanges.readBody(exchange))
                    : methodNotAllowed(exchange));
            return;
        }
        if (path.equals("/v1/ledger")) {
            Exchanges.send(exchange, method.equals("GET") ? ledger(exchange) : methodNotAllowed(exchange));
            return;
        }
        Matcher action = PAYMENT_ACTION.matcher(path);
        if (action.matches()) {
            if (!method.equals("POST")) {
                Exchanges.send(exchange, methodNotAllowed(exchange));
                return;
            }
            String paymentId = action.group(1);
            PaymentOperation operation = switch (action.group(2)) {
                case "capture" -> provider::capture;
                case "cancel" -> provider::cancel;
                default -> provider::refund;
            };
            mutate(exchange, call -> operation.run(call, paymentId));
            return;
        }
        Matcher payment = PAYMENT.matcher(path);
        if (payment.matches()) {
            Reply reply = !method.equals("GET") ? methodNotAllowed(exchange)
                    : provider.payment(payment.group(1)).map(p -> Reply.json(200, p))
                    .orElseGet(() -> Reply.error(404, "not_found", "No payment " + payment.group(1)));
            Exchanges.send(exchange, reply);
            return;
        }
        Exchanges.send(exchange, notFound(exchange));
    }

    /**
     * Runs a POST under its idempotency key: replays a stored answer, refuses a reused key, or runs the operation and
     * then answers (after a delay, or by dropping the connection, when the operation says so).
     */
    private void mutate(HttpExchange exchange, CallOperation operation) throws Exception {
        byte[] body = Exchanges.readBody(exchange);
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY_HEADER);
        if (key == null || key.isBlank()) {
            Exchanges.send(exchange, Reply.error(400, "invalid_request",
                    "The " + IDEMPOTENCY_KEY_HEADER + " header is required"));
            return;
        }
        String scopedKey = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + key;
        PaymentSimulator.Call call = new PaymentSimulator.Call(key, scopedKey, body);
        Outcome outcome = provider.isDedupeEnabled()
                ? provider.idempotency().execute(scopedKey, Json.canonical(body), () -> operation.run(call))
                : operation.run(call);
        answer(exchange, outcome);
    }

    private static void answer(HttpExchange exchange, Outcome outcome) throws InterruptedException {
        Duration delay = outcome.answerDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        if (outcome.dropConnection()) {
            Exchanges.dropConnection(exchange);
        } else {
            Exchanges.send(exchange, outcome.reply());
        }
    }

    private Reply list(HttpExchange exchange) {
        Map<String, String> query = Exchanges.query(exchange);
        String key = query.get("idempotencyKey");
        String order = query.get("orderReference");
        if ((key == null) == (order == null)) {
            return Reply.error(400, "invalid_request",
                    "Give exactly one of the query parameters idempotencyKey and orderReference");
        }
        List<Payment> found = key != null ? provider.paymentsWithIdempotencyKey(key) : provider.paymentsForOrder(order);
        return Reply.json(200, Map.of("data", found));
    }

    private Reply ledger(HttpExchange exchange) {
        String order = Exchanges.query(exchange).get("orderReference");
        return Reply.json(200, Map.of("data", order == null ? provider.ledger() : provider.ledger(order)));
    }
}
