/**
 * Simulators of the outside world that Orderly talks to over real HTTP and SMTP: a card payment provider with
 * idempotency keys and magic test cards, a warehouse that ships later and calls back, and an SMTP sink. It shares no
 * code with Orderly, so that Orderly's clients are tested against a peer, not against themselves.
 */
package dev.sandbox;
