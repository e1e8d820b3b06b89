package dev.sandbox.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer held in memory, so that it can be stored and sent again byte for byte (idempotent replays).
 *
 * @param status  the HTTP status code
 * @param headers extra response headers (Content-Type is always {@code application/json})
 * @param body    the JSON body
 */
public record Reply(int status, Map<String, String> headers, byte[] body) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, Object value) {
        return new Reply(status, Map.of(), Json.write(value));
    }

    public static Reply error(int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return json(status, body);
    }

    public static Reply error(int status, String error, String message, String detailName, Object detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        body.put(detailName, detail);
        return json(status, body);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, body);
    }
}
