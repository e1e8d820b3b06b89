/**
 * The order-fulfilment saga with its persistent deadlines and compensations, and the outbound adapters (payment
 * provider client, warehouse client, mailer) with the effect ledger that makes each side effect happen once.
 */
package dev.orderly.saga;
