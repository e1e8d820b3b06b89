package dev.orderly.gateway.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param deadline how long a payment may stay unpaid before it is cancelled at the provider
 */
@ConfigurationProperties("orderly.payments.request")
public record PaymentRequestProperties(@DefaultValue("15m") Duration deadline) {
}
