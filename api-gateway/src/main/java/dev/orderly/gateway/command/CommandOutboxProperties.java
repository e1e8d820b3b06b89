package dev.orderly.gateway.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How accepted commands are delivered to the command side.
 *
 * @param dispatchThreads threads that send accepted commands right after they are stored
 * @param lease           how long a dispatch may take before the sweeper sends the command again
 * @param sweepInterval   how often each node looks for accepted commands whose dispatch was lost (crash, restart)
 * @param sweepBatch      how many such commands one sweep sends at most
 * @param sendTimeout     how long a synchronous command (register, change capacity) may take before the API
 *                        answers 503
 * @param maxAttempts     dispatches of one command that fail for a reason other than a refusal before it is marked
 *                        FAILED (and shows so); a refusal fails it at once
 * @param retryInitialBackoff pause before a failed dispatch is tried again; doubles with each further failure
 * @param retryMaxBackoff     longest such pause
 */
@ConfigurationProperties("orderly.commands.outbox")
public record CommandOutboxProperties(@DefaultValue("4") int dispatchThreads,
                                      @DefaultValue("10s") Duration lease,
                                      @DefaultValue("1s") Duration sweepInterval,
                                      @DefaultValue("100") int sweepBatch,
                                      @DefaultValue("10s") Duration sendTimeout,
                                      @DefaultValue("50") int maxAttempts,
                                      @DefaultValue("400ms") Duration retryInitialBackoff,
                                      @DefaultValue("30s") Duration retryMaxBackoff) {
}
