package dev.orderly.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the processors with a dead-letter queue (the projections) run a batch of events.
 *
 * @param batchFirst run each batch as one piece under a single savepoint, with the projections' rows sent as JDBC
 *                   batches, and only a batch that fails event by event (see {@link BatchFirstInterceptor}). Off,
 *                   every event runs in a savepoint of its own and writes at once, as before: one more round trip
 *                   per event, and batches kept under about 60 events so that PostgreSQL's per-backend cache of
 *                   subtransactions does not overflow.
 */
@ConfigurationProperties("orderly.projections")
public record ProjectionBatchProperties(@DefaultValue("true") boolean batchFirst) {
}
