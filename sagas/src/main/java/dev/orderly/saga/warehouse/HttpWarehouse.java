package dev.orderly.saga.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderly.saga.effect.EffectProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The warehouse over HTTP: {@code POST /warehouse/picklists} with an {@code Idempotency-Key}, the picklist, and the
 * callback URL its shipment notice goes to. Unlike the payment provider it needs no circuit breaker: nothing waits on
 * a picklist but its own job, which backs off.
 */
@Component
class HttpWarehouse implements Warehouse {

    private static final Logger log = LoggerFactory.getLogger(HttpWarehouse.class);

    private final EffectProperties properties;
    private final Environment environment;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    HttpWarehouse(EffectProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        if (properties.warehouseCallbackUrl().isBlank() && environment.containsProperty("spring.datasource.url")) {
            // A shared database suggests several nodes: a notice for a picklist this node sent must not depend on
            // this node being alive when the warehouse ships (fault scenario 2 left orders in PICKING that way).
            log.warn("orderly.effects.warehouse-callback-url is not set, so the warehouse will post shipment notices"
                    + " for this node's picklists back to this node only; behind a load balancer, set it to the"
                    + " balancer's /api/webhooks/warehouse");
        }
    }

    @Override
    public String submit(String idempotencyKey, Picklist picklist) throws IOException, InterruptedException {
        ObjectNode body = json.valueToTree(picklist);
        body.put("callbackUrl", callbackUrl());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(properties.warehouseBaseUrl() + "/warehouse/picklists"))
                        .timeout(properties.timeout())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("warehouse answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body()).path("picklistId").asText();
    }

    /** Where the notice goes: the configured URL, or this node's own webhook. */
    String callbackUrl() {
        if (!properties.warehouseCallbackUrl().isBlank()) {
            return properties.warehouseCallbackUrl();
        }
        return "http://localhost:" + environment.getProperty("local.server.port", "8080")
                + "/api/webhooks/warehouse";
    }
}
