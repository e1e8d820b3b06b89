package dev.orderly.axon;

import dev.orderly.axon.job.BackOff;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How often a command that lost a concurrency race is tried again before its failure is reported.
 *
 * @param maxRetries     retries after the first attempt
 * @param initialBackoff the first pause; each following pause doubles
 */
@ConfigurationProperties("orderly.commands.retry")
public record CommandRetryProperties(@DefaultValue("8") int maxRetries,
                                     @DefaultValue("20ms") Duration initialBackoff) {

    /** Exact doubling, as Axon's exponential scheduler paced these retries: the last pause is the longest. */
    public BackOff backOff() {
        int doublings = Math.min(Math.max(maxRetries, 1) - 1, 30);
        return BackOff.exact(initialBackoff, initialBackoff.multipliedBy(1L << doublings));
    }
}
