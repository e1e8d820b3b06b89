/**
 * What the command side's events set in motion: the order-fulfilment saga with its persistent deadlines and
 * compensations ({@code order}); the payment jobs and the provider's port with its HTTP client ({@code payment});
 * the effect ledger and the jobs that send e-mails and picklists once each ({@code effect}); the intake switch
 * ({@code intake}), bulk notices ({@code notice}) and how the jobs start after their transaction commits
 * ({@code job}). The warehouse gets a port of its own, beside the provider's, in {@code dev.orderly.saga.warehouse}.
 */
package dev.orderly.saga;
