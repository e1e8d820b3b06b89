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
     */
    @ConfigurationProperties("orderly.consistency")
    public record Properties(@DefaultValue("2s") Duration maxWait, @DefaultValue("20ms") Duration poll,
                             @DefaultValue("500ms") Duration acceptWait) {
    }

    private final EventPositions positions;
    private final Properties properties;
    private final CommandOutbox outbox;

    ReadYourWrites(EventPositions positions, Properties properties, CommandOutbox outbox) {
        this.positions = positions;
        this.properties = properties;
        this.outbox = outbox;
    }

    /**
     * For an asynchronous command: waits briefly (at most {@code accept-wait}) for the command side to decide it, and
     * if it was carried out, adds the token of what it wrote. A command still pending answers without a token; its
     * status resource shows {@code PENDING} meanwhile, never a {@code 404}.
     */
    public void tokenForAccepted(String commandId, HttpServletResponse response) {
        outbox.awaitDecision(commandId, properties.acceptWait())
                .filter(accepted -> AcceptedCommand.DISPATCHED.equals(accepted.status()))
                .ifPresent(accepted -> tokenFor(accepted.aggregateId(), response));
    }

    /** Adds the token of the aggregate's latest write to a command's response. */
    public void tokenFor(String aggregateId, HttpServletResponse response) {
        positions.latestOf(aggregateId).ifPresent(position -> response.setHeader(TOKEN, Long.toString(position)));
    }

    /** Waits, if the client asked, until {@code processor} has handled the client's write, and says how it went. */
    public void await(String processor, Long consistentWith, HttpServletResponse response) {
        if (consistentWith == null) {
            return;
        }
        Instant deadline = Instant.now().plus(properties.maxWait());
        boolean reached = positions.processed(processor, consistentWith);
        while (!reached && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(properties.poll().toNanos());
            reached = positions.processed(processor, consistentWith);
        }
        response.setHeader(CONSISTENCY, reached ? "consistent" : "stale");
    }
}
