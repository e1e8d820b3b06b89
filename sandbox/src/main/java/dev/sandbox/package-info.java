/**
 * Simulators of the outside world that Orderly talks to over real HTTP and SMTP: a card payment provider with
 * idempotency keys and magic test cards, a warehouse that ships later and calls back, and an SMTP sink. It shares no
 * code with Orderly, so that Orderly's clients are tested against a peer, not against themselves.
 *
 * <p>{@link dev.sandbox.SandboxServer} hosts every {@link dev.sandbox.Simulator} on one JDK HTTP server (standalone via
 * its {@code main}, in tests via {@code SandboxServer.start(SandboxSettings)}, or inside a Spring Boot app via
 * {@link dev.sandbox.SandboxAutoConfiguration} with {@code sandbox.embedded=true}).
 */
package dev.sandbox;
