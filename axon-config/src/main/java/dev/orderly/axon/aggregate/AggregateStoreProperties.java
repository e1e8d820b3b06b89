package dev.orderly.axon.aggregate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How aggregates are kept between commands, so that a command's cost does not grow with its aggregate's history.
 *
 * @param cacheSize         aggregates of each type kept in memory on this node, least used evicted first; a cached one
 *                          is checked against the event store before each use, so several nodes may share one store
 * @param snapshotThreshold events an aggregate is loaded or changed by before a snapshot of it is taken: a load then
 *                          reads at most this many events after the snapshot
 * @param snapshotQueue     snapshots waiting for the snapshot thread; past it a snapshot is skipped (logged), and the
 *                          next threshold asks again
 */
@ConfigurationProperties("orderly.aggregates")
public record AggregateStoreProperties(@DefaultValue("2000") int cacheSize,
                                       @DefaultValue("250") int snapshotThreshold,
                                       @DefaultValue("256") int snapshotQueue) {
}
