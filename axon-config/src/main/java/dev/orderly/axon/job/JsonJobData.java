package dev.orderly.axon.job;

/**
 * The data of a db-scheduler job that is stored as JSON ({@link JobDataSerializer}): a record that carries what its
 * job needs, readable in {@code scheduled_tasks} and free of Java serialization's class-evolution traps.
 */
public interface JsonJobData {
}
