package dev.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the fields of a request's JSON object the way every simulator answers them: a field that is missing or of
 * the wrong type is a 400 {@code invalid_request} naming the field, so the simulators refuse alike.
 */
public final class RequestFields {

    private RequestFields() {
    }

    /** A non-blank string. */
    public static String requiredText(ObjectNode json, String field) {
        return requiredText(json, field, field);
    }

    /** A non-blank string, named {@code label} in the error (a nested field's path). */
    public static String requiredText(ObjectNode json, String field, String label) {
        JsonNode node = present(json, field);
        if (node == null) {
            throw new BadRequestException("invalid_request", label + " is required");
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new BadRequestException("invalid_request", label + " must be a non-blank string");
        }
        return node.textValue();
    }

    /** A string, or {@code null} when missing or null; named {@code label} in the error. */
    public static String optionalText(ObjectNode json, String field, String label) {
        JsonNode node = present(json, field);
        if (node != null && !node.isTextual()) {
            throw new BadRequestException("invalid_request", label + " must be a string");
        }
        return node == null ? null : node.textValue();
    }

    /** {@code true} or {@code false}, or {@code defaultValue} when missing or null. */
    public static boolean optionalBoolean(ObjectNode json, String field, boolean defaultValue) {
        JsonNode node = present(json, field);
        if (node != null && !node.isBoolean()) {
            throw new BadRequestException("invalid_request", field + " must be true or false");
        }
        return node == null ? defaultValue : node.booleanValue();
    }

    /** The field's value, or {@code null} when it is missing or JSON {@code null}: both mean "not given". */
    private static JsonNode present(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
