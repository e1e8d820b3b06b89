package dev.orderly.saga.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The HTTP client towards the payment provider.
 *
 * @param baseUrl                 where the provider listens
 * @param connectTimeout          how long to wait for a connection
 * @param readTimeout             how long to wait for an answer; past it the outcome is unknown
 * @param lookupAttempts          tries of a look-up by key (a safe GET) before the provider counts as unavailable
 * @param lookupBackoff           first pause between look-up tries; grows exponentially, with jitter
 * @param failureRateThreshold    percentage of failed calls that opens the circuit breaker and pauses intake
 * @param slidingWindowSize       how many recent calls the failure rate is computed over
 * @param minimumCalls            calls needed before the failure rate counts
 * @param waitInOpenState         how long the breaker stays open before it lets probes through
 * @param permittedCallsInHalfOpen probes that must succeed to close the breaker again
 */
@ConfigurationProperties("orderly.payments.provider")
public record PaymentProviderProperties(@DefaultValue("http://localhost:8091") String baseUrl,
                                        @DefaultValue("2s") Duration connectTimeout,
                                        @DefaultValue("5s") Duration readTimeout,
                                        @DefaultValue("3") int lookupAttempts,
                                        @DefaultValue("200ms") Duration lookupBackoff,
                                        @DefaultValue("50") float failureRateThreshold,
                                        @DefaultValue("20") int slidingWindowSize,
                                        @DefaultValue("10") int minimumCalls,
                                        @DefaultValue("10s") Duration waitInOpenState,
                                        @DefaultValue("2") int permittedCallsInHalfOpen) {
}
