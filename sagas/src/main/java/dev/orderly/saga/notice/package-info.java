/** Bulk e-mail notices to the holders of a resource, carried by the effect ledger. */
package dev.orderly.saga.notice;
