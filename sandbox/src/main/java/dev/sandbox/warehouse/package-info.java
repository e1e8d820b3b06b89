/**
 * The simulated warehouse ({@code /warehouse}): it accepts picklists under idempotency keys, ships each one after a
 * delay and then posts a signed shipment notice to the picklist's callback URL, retrying with back-off until the
 * receiver answers 2xx. Admin switches hold shipping, change the delay and send a notice again.
 */
package dev.sandbox.warehouse;
