package dev.orderly.support;

import dev.orderly.gateway.webhook.WarehouseSignature;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The warehouse's side of the webhook: an order waiting for its notice, the notice, and its signature. */
public final class ShipmentNotices {

    /** The default profile's webhook secret, which the sandbox signs with. */
    public static final String SANDBOX_SECRET = "sandbox-webhook-secret";
    /** The header names as the README gives them: spelled out here, so that a rename in the code shows. */
    public static final String TIMESTAMP = "X-Orderly-Timestamp";
    public static final String SIGNATURE = "X-Orderly-Signature";
    /** The names of earlier releases, still accepted for one release. */
    public static final String LEGACY_TIMESTAMP = "X-Sandbox-Timestamp";
    public static final String LEGACY_SIGNATURE = "X-Sandbox-Signature";

    private ShipmentNotices() {
    }

    /** An order that reached {@code PICKING} and stays there until a notice ships it. */
    public record AwaitingShipment(String orderId, String location) {
    }

    /**
     * Holds the sandbox's shipments (release them with {@code TestSandbox.holdShipments(false)}) and places an order
     * on a new resource, once it is picking: only a webhook notice moves it on from there.
     */
    public static AwaitingShipment orderAwaitingShipment(TestApi api, String resourceName) {
        TestSandbox.holdShipments(true);
        String resourceId = api.registerResource(resourceName, 2);
        TestApi.Response accepted = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "webhooks",
                "webhooks-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("PICKING"));
        return new AwaitingShipment(accepted.text("orderId"), accepted.location());
    }

    /** A shipment notice for the order, as the warehouse sends it. */
    public static String notice(String shipmentId, String orderId) {
        return """
                {"shipmentId":"%s","picklistId":"pck_test","orderReference":"%s","carrier":"SandboxPost",\
                "trackingNumber":"SP000000000001","shippedAt":"%s"}""".formatted(shipmentId, orderId, Instant.now());
    }

    /**
     * The {@code X-Orderly-Signature} value: HMAC-SHA256 over {@code timestamp + "." + body}, by the one signer
     * Orderly has (the sandbox signs with its own, and {@code WarehouseSignatureTest} pins it to a known digest).
     */
    public static String sign(long timestamp, byte[] body, String secret) {
        return WarehouseSignature.sign(secret, timestamp, body);
    }
}
