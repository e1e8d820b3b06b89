/**
 * How this module's db-scheduler jobs (payment calls, e-mails, picklists) are started: as soon as the transaction
 * that scheduled them commits.
 */
package dev.orderly.saga.job;
