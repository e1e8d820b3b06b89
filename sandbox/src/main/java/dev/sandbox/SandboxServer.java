package dev.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.sandbox.payment.PaymentSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox: one JDK {@link HttpServer} with a thread pool, hosting the simulators (today the card payment provider
 * under {@code /v1}) and the admin endpoints under {@code /admin}.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.onFreePort())) {
 *     URI base = sandbox.baseUri();            // http://localhost:<port>
 *     sandbox.payments().setDedupeEnabled(false);
 *     ...
 *     sandbox.payments().captureCount("order-1");
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SandboxServer.class.getName());

    private final SandboxSettings settings;
    private final HttpServer http;
    private final ExecutorService executor;
    private final PaymentSimulator payments;
    private final List<Simulator> simulators;
    private final AtomicBoolean closed = new AtomicBoolean(false);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private SandboxServer(SandboxSettings settings) throws IOException {
        this.settings = settings;
        this.payments = new PaymentSimulator(settings);
        this.simulators = List.of(payments);
        InetSocketAddress address = settings.host() == null
                ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(settings.host(), settings.port());
        this.http = HttpServer.create(address, 128);
        this.executor = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
        http.setExecutor(executor);
        http.createContext("/", new AdminHandler(this));
        simulators.forEach(simulator -> simulator.mount(http));
    }

    /**
     * Starts a sandbox; port 0 picks a free port (see {@link #port()}).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static SandboxServer start(SandboxSettings settings) {
        try {
            SandboxServer server = new SandboxServer(settings);
            server.http.start();
            LOG.log(System.Logger.Level.DEBUG, "Sandbox listening on {0}", server.baseUri());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the sandbox on port " + settings.port(), e);
        }
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://localhost:<port>}; the payment provider's API is under {@code /v1}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port());
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** The card payment provider: its switches, its reset, its ledger and its payments. */
    public PaymentSimulator payments() {
        return payments;
    }

    /** Resets every simulator, as {@code POST /admin/reset} does. */
    public void reset() {
        simulators.forEach(Simulator::reset);
    }

    /** Stops the server at once: answers still waiting (slow cards, slow answers) are abandoned. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.stop(0);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            simulators.forEach(Simulator::close);
            stopped.countDown();
        }
    }

    /** Blocks until {@link #close()} is called. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /**
     * Runs the sandbox standalone: {@code java -jar sandbox.jar [--port=8091] [--host=0.0.0.0] [--dedupe=true]
     * [--slow-answer-delay=30s] [--slow-card-delay=2s] [--threads=32]}.
     */
    public static void main(String[] args) throws InterruptedException {
        SandboxSettings settings;
        try {
            settings = SandboxSettings.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: java -jar sandbox.jar [--port=8091] [--host=0.0.0.0] [--dedupe=true]"
                    + " [--slow-answer-delay=30s] [--slow-card-delay=2s] [--threads=32]");
            System.exit(2);
            return;
        }
        SandboxServer server = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-shutdown"));
        for (Simulator simulator : server.simulators) {
            System.out.println("Sandbox " + simulator.name() + " listening on " + server.baseUri());
        }
        System.out.flush();
        server.awaitClose();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sandbox-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
