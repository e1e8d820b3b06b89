package dev.orderly.gateway.ops;

import dev.orderly.axon.NodeProperties;
import dev.orderly.axon.ProcessorStatus;
import dev.orderly.axon.ProcessorStatusReader;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.problem.DatabaseFailures;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds a projection from the tail of the event store: the processor is stopped on this node, its
 * {@code @ResetHandler} empties the read model and every segment's token becomes a replay token in one transaction,
 * and the processor is started again, here in every case. Only the read models are replayable; the payment
 * processor and the sagas act on the outside world, and the invariant monitor would forget the violations it found.
 *
 * <p>Axon resets a processor only when it can claim every segment. Another node holding a claim makes the replay
 * {@code 409} unless the caller asks to take the claims over: then they are released in the reset's own transaction,
 * as a claim timeout would release them. The other node's batch in flight fails to store its token and rolls back
 * (projection rows, dead letters and {@code NOTIFY} with it), so nothing it did survives the reset.
 */
@Component
class ProjectionReplay {

    /** The read models: each {@code @ResetHandler} empties its tables, and its handlers write nothing else. */
    static final Set<String> REPLAYABLE = Set.of(ResourceView.PROCESSING_GROUP, ReservationView.PROCESSING_GROUP,
            PaymentView.PROCESSING_GROUP, OrderView.PROCESSING_GROUP);

    /** A take-over can lose a deadlock against another node's batch in flight; then it tries again. */
    private static final int TAKE_OVER_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);

    private final EventProcessingConfiguration processing;
    private final ProcessorStatusReader statuses;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final String node;

    ProjectionReplay(EventProcessingConfiguration processing, ProcessorStatusReader statuses,
                     PlatformTransactionManager transactionManager, JdbcTemplate jdbc, NodeProperties node) {
        this.processing = processing;
        this.statuses = statuses;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.node = node.id();
    }

    record Replayed(String processor, String node, String replayedBy, ProcessorStatus status) {
    }

    /** One replay at a time on a node: a second one waits for the first to be reset and started. */
    synchronized Replayed replay(String name, boolean takeOver, String operator) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> ApiProblem.notFound("processor " + name));
        if (!REPLAYABLE.contains(name) || !processor.supportsReset()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "replay-not-allowed", name
                    + " is not a read model and is never replayed; replayable: " + REPLAYABLE.stream().sorted()
                    .toList());
        }
        log.info("{} replays {} from the tail on node {}{}", operator, name, node,
                takeOver ? ", taking over the claims of other nodes" : "");
        processor.shutDown();
        try {
            reset(processor, takeOver);
        } finally {
            processor.start();
        }
        log.info("{} reset by {}: its read model is rebuilt from the first event on", name, operator);
        return new Replayed(name, node, operator, statuses.read().stream()
                .filter(status -> status.name().equals(name)).findFirst().orElseThrow());
    }

    private void reset(StreamingEventProcessor processor, boolean takeOver) {
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(transaction -> {
                    if (takeOver) {
                        jdbc.update("UPDATE tokenentry SET owner = NULL WHERE processorname = ? "
                                + "AND owner IS DISTINCT FROM ?", processor.getName(), node);
                    }
                    processor.resetTokens();
                });
                return;
            } catch (RuntimeException failure) {
                if (takeOver && attempt < TAKE_OVER_ATTEMPTS && lostALockRace(failure)) {
                    log.info("Replay of {} lost a lock race with another node (attempt {}), trying again",
                            processor.getName(), attempt);
                    continue;
                }
                if (claimedElsewhere(failure) || lostALockRace(failure)) {
                    throw conflict(processor.getName(), takeOver);
                }
                if (DatabaseFailures.timedOut(failure)) {
                    log.warn("Replay of {} timed out, nothing was reset: {}", processor.getName(), failure.toString());
                    throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "busy", processor.getName() + " was not "
                            + "replayed: emptying its read model and resetting its tokens did not finish within the "
                            + "transaction timeout (the database is busy or a lock on its tables is held); it rolled "
                            + "back and the processor runs on as before, try again");
                }
                throw failure;
            }
        }
    }

    private ApiProblem conflict(String name, boolean takeOver) {
        List<String> claims = jdbc.queryForList("""
                SELECT 'segment ' || segment || ' by ' || owner FROM tokenentry
                WHERE processorname = ? AND owner IS NOT NULL AND owner <> ? ORDER BY segment""", String.class,
                name, node);
        String detail = takeOver
                ? name + " was not replayed: the claims of other nodes could not be taken over (" + claims
                + "); it runs on as before, try again"
                : name + " was not replayed: another node holds claims on it (" + claims + "). Replay it on a node "
                + "that can take every claim, or with takeOver=true; it runs on as before";
        log.info("Replay of {} refused: {}", name, detail);
        return new ApiProblem(HttpStatus.CONFLICT, "processor-claimed", detail);
    }

    private static boolean claimedElsewhere(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof UnableToClaimTokenException) {
                return true;
            }
        }
        return false;
    }

    /** A deadlock or lock wait lost against another node's batch in flight (PostgreSQL 40P01, 55P03). */
    private static boolean lostALockRace(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof PessimisticLockingFailureException
                    || cause instanceof SQLException sql && Set.of("40P01", "55P03").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
