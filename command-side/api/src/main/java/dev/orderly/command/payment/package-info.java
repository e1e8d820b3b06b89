/**
 * The contract of the {@code Payment} aggregate: a two-phase payment whose intent and idempotency key are recorded
 * before the provider is called, and whose every provider answer is recorded as an event.
 */
package dev.orderly.command.payment;
