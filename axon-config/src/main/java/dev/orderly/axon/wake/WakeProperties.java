package dev.orderly.axon.wake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How event processors learn of new events without waiting for a poll.
 *
 * @param enabled           whether this node tells the others of its appends and listens for theirs (a PostgreSQL
 *                          {@code NOTIFY} after each commit, {@code LISTEN} on a connection of its own); off, a node
 *                          still wakes its own processors at once and sees other nodes' events after
 *                          {@code fetch-delay}
 * @param fetchDelay        how long the event store waits, when nothing woke it, before it looks for new events in
 *                          the database anyway: the bound on how late another node's append is seen while the
 *                          listener is down, and on events written by anything else than a node
 * @param reconnectDelay    the first pause after the listener lost its connection; it doubles up to
 *                          {@code max-reconnect-delay} while the database stays away
 * @param maxReconnectDelay the longest pause between two attempts to listen again
 * @param probeInterval     after this long without a notification the listener checks that its connection still
 *                          answers, so that a connection cut without a word (a firewall, a dead host) is noticed
 */
@ConfigurationProperties("orderly.wake")
public record WakeProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("1s") Duration fetchDelay,
                             @DefaultValue("1s") Duration reconnectDelay,
                             @DefaultValue("30s") Duration maxReconnectDelay,
                             @DefaultValue("10s") Duration probeInterval) {
}
