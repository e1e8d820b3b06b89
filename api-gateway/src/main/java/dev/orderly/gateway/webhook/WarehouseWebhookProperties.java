package dev.orderly.gateway.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The warehouse's signed shipment notices.
 *
 * @param secret    the shared HMAC-SHA256 key; set your own outside the sandbox, and never log it
 * @param tolerance how far a notice's timestamp may be from now; older notices are refused as replays
 */
@ConfigurationProperties("orderly.webhooks.warehouse")
public record WarehouseWebhookProperties(@DefaultValue("sandbox-webhook-secret") String secret,
                                         @DefaultValue("5m") Duration tolerance) {

    @Override
    public String toString() {
        return "WarehouseWebhookProperties[secret=****, tolerance=" + tolerance + "]";
    }
}
