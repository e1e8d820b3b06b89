package dev.orderly.axon;

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
}
