package dev.orderly.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The warehouse's side of the webhook: an order waiting for its notice, the notice, and its signature. */
public final class ShipmentNotices {

    /** The default profile's webhook secret, which the sandbox signs with. */
    public static final String SANDBOX_SECRET = "sandbox-webhook-secret";

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

    /** The {@code X-Sandbox-Signature} value: HMAC-SHA256 over {@code timestamp + "." + body}. */
    public static String sign(long timestamp, byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
