/**
 * The simulated card payment provider ({@code /v1}): payments, captures, cancels, refunds, a ledger of every money
 * movement, idempotency keys with replay, card tokens, magic test cards and the dedupe and outage switches.
 */
package dev.sandbox.payment;
