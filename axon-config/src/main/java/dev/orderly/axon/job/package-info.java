/**
 * What every retried piece of work shares: the one {@link dev.orderly.axon.job.BackOff}, and how db-scheduler stores
 * job data (JSON for jobs of our own, Java serialization only for what was stored that way before).
 */
package dev.orderly.axon.job;
