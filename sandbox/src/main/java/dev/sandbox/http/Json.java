package dev.sandbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The one JSON mapper of the sandbox: instants as ISO-8601 strings, strict parsing. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a request body that must be a JSON object. An empty body counts as {@code {}} when {@code emptyAllowed}.
     *
     * @throws BadRequestException when the body is not a JSON object
     */
    public static ObjectNode readObject(byte[] body, boolean emptyAllowed) {
        if (isBlank(body)) {
            if (emptyAllowed) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw new BadRequestException("invalid_request", "The request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("invalid_request", "The request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("invalid_request", "The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * A canonical form of a request body, so that two bodies that differ only in whitespace or key order compare
     * equal. A body that is not JSON is compared byte for byte.
     */
    public static String canonical(byte[] body) {
        if (isBlank(body)) {
            return "";
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? "" : MAPPER.writeValueAsString(sorted(node));
        } catch (IOException e) {
            return "raw:" + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : fields) {
                copy.set(field.getKey(), sorted(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    private static boolean isBlank(byte[] body) {
        return body == null || new String(body, StandardCharsets.UTF_8).isBlank();
    }
}
