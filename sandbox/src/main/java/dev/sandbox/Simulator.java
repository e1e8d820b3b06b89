package dev.sandbox;

import com.sun.net.httpserver.HttpServer;

/**
 * One simulated outside system hosted by the {@link SandboxServer} (the payment provider today; the warehouse and the
 * SMTP sink later). Each simulator mounts its own handlers on the shared HTTP server.
 */
public interface Simulator extends AutoCloseable {

    /** A short name for logs, e.g. {@code "payment provider"}. */
    String name();

    /** Registers this simulator's contexts on the server. Called once, before the server starts. */
    void mount(HttpServer server);

    /** Forgets everything the simulator recorded and puts its switches back to their start values. */
    void reset();

    /** Releases what the simulator holds besides its HTTP handlers (sockets, threads). */
    @Override
    default void close() {
    }
}
