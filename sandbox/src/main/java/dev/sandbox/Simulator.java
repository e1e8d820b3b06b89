package dev.sandbox;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;

/**
 * One simulated outside system hosted by the {@link SandboxServer}: the payment provider, the warehouse and the SMTP
 * sink. Each simulator mounts its own handlers on the shared HTTP server; one that listens on sockets of its own (the
 * SMTP sink) opens them in {@link #start()}.
 */
public interface Simulator extends AutoCloseable {

    /** A short name for logs, e.g. {@code "payment provider"}. */
    String name();

    /** Registers this simulator's contexts on the server. Called once, before the server starts. */
    void mount(HttpServer server);

    /**
     * Opens what the simulator needs besides the shared HTTP server (the SMTP sink's ports). Called once, after the
     * HTTP server started; when it fails the sandbox is closed again.
     */
    default void start() throws IOException {
    }

    /** Forgets everything the simulator recorded and puts its switches back to their start values. */
    void reset();

    /** Releases what the simulator holds besides its HTTP handlers (sockets, threads). */
    @Override
    default void close() {
    }
}
