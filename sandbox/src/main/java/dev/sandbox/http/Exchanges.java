package dev.sandbox.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers around {@link HttpExchange}. */
public final class Exchanges {

    private static final System.Logger LOG = System.getLogger(Exchanges.class.getName());

    private Exchanges() {
    }

    public static byte[] readBody(HttpExchange exchange) throws IOException {
        return exchange.getRequestBody().readAllBytes();
    }

    /** Query parameters, decoded; the first value wins when a name repeats. */
    public static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Sends the reply and closes the exchange. A client that has gone away is not an error of the sandbox. */
    public static void send(HttpExchange exchange, Reply reply) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Client went away before the answer was sent", e);
        }
    }

    /**
     * Drops the connection without any HTTP answer. Closing an exchange whose response headers were never sent
     * makes the JDK server close the underlying socket.
     */
    public static void dropConnection(HttpExchange exchange) {
        exchange.close();
    }
}
