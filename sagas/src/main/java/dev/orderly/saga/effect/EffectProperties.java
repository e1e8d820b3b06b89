package dev.orderly.saga.effect;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * E-mail and warehouse effects.
 *
 * @param mailFrom            sender address of customer e-mails
 * @param messageIdDomain     right-hand side of the stable Message-IDs
 * @param warehouseBaseUrl    where the warehouse accepts picklists
 * @param warehouseCallbackUrl where the warehouse posts shipment notices; empty means this node's
 *                            {@code /api/webhooks/warehouse}
 * @param timeout             connect and read timeout towards the warehouse
 * @param maxAttempts         tries of one effect before it is given up (and stays visible in the ledger)
 * @param initialBackoff      first pause between tries; doubles, with jitter
 * @param maxBackoff          longest pause between tries
 */
@ConfigurationProperties("orderly.effects")
public record EffectProperties(@DefaultValue("orders@orderly.test") String mailFrom,
                               @DefaultValue("orderly.test") String messageIdDomain,
                               @DefaultValue("http://localhost:8091") String warehouseBaseUrl,
                               @DefaultValue("") String warehouseCallbackUrl,
                               @DefaultValue("5s") Duration timeout,
                               @DefaultValue("20") int maxAttempts,
                               @DefaultValue("1s") Duration initialBackoff,
                               @DefaultValue("1m") Duration maxBackoff) {
}
