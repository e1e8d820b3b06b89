package dev.orderly.gateway;

import dev.orderly.axon.EventPositions;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes on request. A command answers with {@code Consistency-Token}, the global position of what it
 * wrote (an asynchronous one when it was decided within a short wait); a query that sends it back as {@code Consistent-With} waits, boundedly, until the projection it
 * reads has handled that position. If the wait runs out it answers anyway, with the data as it is and
 * {@code Consistency: stale}: never an error.
 */
@Component
@EnableConfigurationProperties(ReadYourWrites.Properties.class)
public class ReadYourWrites {

    public static final String TOKEN = "Consistency-Token";
    public static final String CONSISTENT_WITH = "Consistent-With";
    public static final String CONSISTENCY = "Consistency";

    /**
     * @param maxWait    how long a query with {@code Consistent-With} waits for its projection at most
     * @param poll       how often it looks while waiting
     * @param acceptWait how long an asynchronous command's {@code 202} waits for the command side's decision, so
     *                   that it can carry a token; {@code 0s} answers at once, without one
     * @param maxDecisionWait the longest {@code Prefer: wait=N} honoured by a read of something still pending
     */
    @ConfigurationProperties("orderly.consistency")
    public record Properties(@DefaultValue("2s") Duration maxWait, @DefaultValue("20ms") Duration poll,
                             @DefaultValue("500ms") Duration acceptWait,
                             @DefaultValue("10s") Duration maxDecisionWait) {
    }

    private final EventPositions positions;
    private final Properties properties;
    private final CommandOutbox outbox;

    ReadYourWrites(EventPositions positions, Properties properties, CommandOutbox outbox) {
        this.positions = positions;
        this.properties = properties;
        this.outbox = outbox;
    }

    /** The longest wait for a decision a client may ask for with {@code Prefer: wait=N}. */
    public Duration maxDecisionWait() {
        return properties.maxDecisionWait();
    }

    /** Whether a query that asked to see a write saw it: the projection caught up in time, or the wait ran out. */
    public enum Consistency { CONSISTENT, STALE }

    /**
     * For an asynchronous command: waits briefly (at most {@code accept-wait}) for the command side to decide it, and
     * if it was carried out, adds the token of what it wrote. A command still pending answers without a token; its
     * status resource shows {@code PENDING} meanwhile, never a {@code 404}.
     */
    public void tokenForAccepted(String commandId, HttpServletResponse response) {
        setToken(acceptedToken(commandId), response);
    }

    /** Adds the token of the aggregate's latest write to a command's response. */
    public void tokenFor(String aggregateId, HttpServletResponse response) {
        setToken(token(aggregateId), response);
    }

    /** Answers with {@code written}'s value, adding its token, if it has one, as a header. */
    public <T> T answer(Written<T> written, HttpServletResponse response) {
        setToken(Optional.ofNullable(written.consistencyToken()), response);
        return written.value();
    }

    /** The token of an asynchronous command's write, if the command side decided it within {@code accept-wait}. */
    public Optional<Long> acceptedToken(String commandId) {
        return outbox.awaitDecision(commandId, properties.acceptWait())
                .filter(accepted -> AcceptedCommand.DISPATCHED.equals(accepted.status()))
                .flatMap(accepted -> token(accepted.aggregateId()));
    }

    /** The token of the aggregate's latest write. */
    public Optional<Long> token(String aggregateId) {
        OptionalLong position = positions.latestOf(aggregateId);
        return position.isPresent() ? Optional.of(position.getAsLong()) : Optional.empty();
    }

    /** Waits, if the client asked, until {@code processor} has handled the client's write, and says how it went. */
    public void await(String processor, Long consistentWith, HttpServletResponse response) {
        awaitProcessed(processor, consistentWith).ifPresent(consistency ->
                response.setHeader(CONSISTENCY, consistency.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * Waits at most {@code max-wait} until {@code processor} has handled {@code consistentWith}; empty when the
     * client did not ask. Never fails: a wait that runs out answers {@link Consistency#STALE}.
     */
    public Optional<Consistency> awaitProcessed(String processor, Long consistentWith) {
        if (consistentWith == null) {
            return Optional.empty();
        }
        Instant deadline = Instant.now().plus(properties.maxWait());
        boolean reached = positions.processed(processor, consistentWith);
        while (!reached && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(properties.poll().toNanos());
            reached = positions.processed(processor, consistentWith);
        }
        return Optional.of(reached ? Consistency.CONSISTENT : Consistency.STALE);
    }

    private static void setToken(Optional<Long> token, HttpServletResponse response) {
        token.ifPresent(position -> response.setHeader(TOKEN, Long.toString(position)));
    }
}
