package dev.orderly.axon;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.List;

/**
 * Runs a dead-lettering processor's batch as one piece, and only a batch that fails event by event.
 * <p>
 * Parking a poison event needs a savepoint around it (see {@link DeadLetterSavepoints}); one per event costs a round
 * trip each, and past 64 of them in one transaction PostgreSQL's per-backend cache of subtransactions overflows,
 * which slows every snapshot on the server. So a batch first runs in <em>fast mode</em>: one savepoint when its
 * first event starts, no savepoint per event, and the rows of {@link ProjectionWrites} held back and sent when its
 * last event has been handled, one JDBC batch per kind of statement. When anything in it fails (a handler's Java
 * exception or SQL error, the held-back statements, a check on their row counts) the failure is not passed to Axon's
 * dead-letter invoker, which would park the event with its partial writes, nor out of the batch: this interceptor
 * rolls back to the batch's savepoint, which undoes every row and dead letter the batch wrote so far, and runs the
 * events handled since then and the failed one again through the invoker, each in a savepoint of its own. Only the
 * event that fails again is parked; the others are applied once, since their first run was undone, so no handler
 * needs to be idempotent for this. Events after it start a new batch savepoint in fast mode. A failure during the
 * event-by-event run (the database gone, say) propagates: Axon rolls the whole batch back and the segment retries
 * it, as it always did.
 * <p>
 * It is the outermost interceptor of the processor (registered per processor before Axon's defaults), and it sees
 * each event of the batch in turn inside Axon's {@link BatchingUnitOfWork}. The event-by-event run calls the
 * processor's invoker directly, so the interceptors inside this one (correlation data, the log's correlation id) are
 * not run again for it: projections dispatch nothing. It finds the segment through the unit of work's resource that
 * Axon's {@code WorkPackage} sets ({@code Processor[name]/SegmentId}), as the invoker's dead-letter cache is kept per
 * segment. Anything else (a dead letter retried, a unit of work of another kind) passes through: its handlers then
 * run in savepoints, as before.
 */
final class BatchFirstInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(BatchFirstInterceptor.class);

    private final String processorName;
    private final String segmentKey;
    private final Configuration configuration;
    private final DataSource dataSource;
    private final ProjectionWrites writes;

    BatchFirstInterceptor(String processorName, Configuration configuration, DataSource dataSource,
                          ProjectionWrites writes) {
        this.processorName = processorName;
        this.segmentKey = "Processor[" + processorName + "]/SegmentId";
        this.configuration = configuration;
        this.dataSource = dataSource;
        this.writes = writes;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || !unitOfWork.resources().containsKey(segmentKey)) {
            return chain.proceed();
        }
        BatchTransaction transaction = BatchTransaction.current(dataSource);
        if (transaction == null) {
            return chain.proceed();
        }
        EventMessage<?> message = unitOfWork.getMessage();
        if (batch.isFirstMessage()) {
            // Held-back writes are sent after the last event; should its turn here be skipped, at the latest now.
            unitOfWork.onPrepareCommit(committing -> writes.flush());
        }
        Object result = null;
        transaction.startFast(message);
        try {
            result = chain.proceed();
            if (transaction.failure() == null && batch.isLastMessage()) {
                writes.flush();
            }
        } catch (Exception failure) {
            transaction.fail(failure);
        } finally {
            transaction.endFast(message);
        }
        Exception failure = transaction.failure();
        if (failure == null) {
            return result;
        }
        List<EventMessage<?>> again = transaction.rollBackBatch(message);
        log.info("A batch of {} failed at event {} ({}); running its {} event(s) since the last savepoint again one "
                        + "by one, so that only the failing one is parked", processorName, message.getIdentifier(),
                failure.toString(), again.size());
        AbstractEventProcessor processor = configuration.eventProcessingConfiguration()
                .eventProcessor(processorName, AbstractEventProcessor.class).orElseThrow();
        // The root segment, not this work package's: a batch holds only the events its segment accepted (Axon's
        // WorkPackage adds no other), so they need no second filter. The processor's status, where the segment could
        // be looked up, is not always there while its work package runs (the coordinator clears a segment's status
        // when it finds the segment unclaimable): on a loaded machine it was missing at every re-run of a failed
        // batch, so nothing was ever parked. Should the claim really be lost, storing the token fails at commit and
        // the batch rolls back whole, as any batch of a lost segment does.
        for (EventMessage<?> event : again) {
            processor.eventHandlerInvoker().handle(event, Segment.ROOT_SEGMENT);
        }
        return null;
    }
}
