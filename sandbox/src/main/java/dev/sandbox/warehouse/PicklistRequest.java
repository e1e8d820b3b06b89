package dev.sandbox.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Json;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.sandbox.http.RequestFields.optionalText;
import static dev.sandbox.http.RequestFields.requiredText;

/**
 * A picklist as posted to {@code /warehouse/picklists}, validated: the warehouse stores only what passed, and a
 * body that does not pass is a 400 before anything is stored.
 *
 * @param shipTo {@code null} when the body has none
 */
record PicklistRequest(String orderReference, List<Picklist.Line> lines, Picklist.ShipTo shipTo, String callbackUrl) {

    /** @throws BadRequestException when the body is not a valid picklist */
    static PicklistRequest parse(byte[] body) {
        ObjectNode json = Json.readObject(body, false);
        String orderReference = requiredText(json, "orderReference");
        List<Picklist.Line> lines = lines(json);
        Picklist.ShipTo shipTo = shipTo(json);
        return new PicklistRequest(orderReference, lines, shipTo, callbackUrl(json));
    }

    private static List<Picklist.Line> lines(ObjectNode json) {
        JsonNode node = json.get("lines");
        if (node == null || node.isNull()) {
            throw new BadRequestException("invalid_request", "lines is required");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new BadRequestException("invalid_request", "lines must be a non-empty array");
        }
        List<Picklist.Line> lines = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode line = node.get(i);
            if (!line.isObject()) {
                throw new BadRequestException("invalid_request", "lines[" + i + "] must be an object");
            }
            String sku = requiredText((ObjectNode) line, "sku", "lines[" + i + "].sku");
            JsonNode quantity = line.get("quantity");
            if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToInt()
                    || quantity.intValue() < 1) {
                throw new BadRequestException("invalid_request",
                        "lines[" + i + "].quantity must be a whole number of at least 1");
            }
            lines.add(new Picklist.Line(sku, quantity.intValue()));
        }
        return lines;
    }

    private static Picklist.ShipTo shipTo(ObjectNode json) {
        JsonNode node = json.get("shipTo");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadRequestException("invalid_request", "shipTo must be an object");
        }
        ObjectNode address = (ObjectNode) node;
        return new Picklist.ShipTo(addressText(address, "name"), addressText(address, "street"),
                addressText(address, "city"), addressText(address, "postalCode"), addressText(address, "country"));
    }

    private static String addressText(ObjectNode address, String field) {
        return optionalText(address, field, "shipTo." + field);
    }

    private static String callbackUrl(ObjectNode json) {
        String text = requiredText(json, "callbackUrl");
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new BadRequestException("invalid_request", "callbackUrl must be an absolute http(s) URL: " + text);
    }
}
