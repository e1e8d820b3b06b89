package dev.orderly.gateway.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What every inbound webhook shares. Anyone can reach a webhook (it is trusted by its signature, not by a login), so
 * it reads no more than it must before the signature is checked.
 *
 * @param maxBody the largest body a webhook reads; a larger one is {@code 413} without being read to its end. A
 *                shipment notice is a few hundred bytes
 */
@ConfigurationProperties("orderly.webhooks")
public record WebhookProperties(@DefaultValue("64KB") DataSize maxBody) {
}
