package dev.orderly.saga.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How payments are driven to an outcome.
 *
 * @param chargeAttempts      calls to the provider (all with the payment's one key) before a payment whose outcome
 *                            stays unknown is handed to a person
 * @param cancelAttempts      tries to confirm a cancellation with the provider before it is handed to a person
 * @param retryInitialBackoff first pause before a job is tried again; doubles each time
 * @param retryMaxBackoff     longest pause between tries
 * @param retryJitter         share of each pause that is random (0 to 1), so that many payments do not retry at once
 * @param probeInterval       how often a node whose circuit breaker is not closed probes the provider
 * @param settleWindow        how long after an unanswered call began no new call and no cancellation is made: the
 *                            provider may still commit it; must exceed the provider's longest processing time
 */
@ConfigurationProperties("orderly.payments")
public record PaymentProcessingProperties(@DefaultValue("5") int chargeAttempts,
                                          @DefaultValue("10") int cancelAttempts,
                                          @DefaultValue("1s") Duration retryInitialBackoff,
                                          @DefaultValue("30s") Duration retryMaxBackoff,
                                          @DefaultValue("0.5") double retryJitter,
                                          @DefaultValue("2s") Duration probeInterval,
                                          @DefaultValue("30s") Duration settleWindow) {
}
