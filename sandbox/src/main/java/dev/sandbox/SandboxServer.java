package dev.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.sandbox.mail.MailSimulator;
import dev.sandbox.payment.PaymentSimulator;
import dev.sandbox.warehouse.WarehouseSimulator;

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
 * The sandbox: one JDK {@link HttpServer} with a thread pool, hosting the simulators (the card payment provider under
 * {@code /v1}, the warehouse under {@code /warehouse}, the SMTP sink's message list under {@code /mail}) and the admin
 * endpoints under {@code /admin}, plus the SMTP sink on its own port.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.onFreePort())) {
 *     URI base = sandbox.baseUri();            // http://localhost:<port>
 *     int smtp = sandbox.smtpPort();
 *     sandbox.payments().setDedupeEnabled(false);
 *     ...
 *     sandbox.payments().captureCount("order-1");
 *     sandbox.warehouse().picklists("order-1");
 *     sandbox.mail().messages();
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SandboxServer.class.getName());

    private final SandboxSettings settings;
    private final HttpServer http;
    private final ExecutorService executor;
    private final PaymentSimulator payments;
    private final WarehouseSimulator warehouse;
    private final MailSimulator mail;
    private final List<Simulator> simulators;
    private final AtomicBoolean closed = new AtomicBoolean(false);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private SandboxServer(SandboxSettings settings) throws IOException {
        this.settings = settings;
        this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        this.payments = new PaymentSimulator(settings);
        // The dedupe switch is the sandbox's: it governs the warehouse's idempotency keys too.
        this.warehouse = new WarehouseSimulator(settings, payments::isDedupeEnabled);
        this.mail = new MailSimulator(settings);
        this.simulators = List.of(payments, warehouse, mail);
        this.executor = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
        http.setExecutor(executor);
        http.createContext("/", new AdminHandler(this));
        simulators.forEach(simulator -> simulator.mount(http));
    }

    /**
     * Starts a sandbox; port 0 picks a free port (see {@link #port()}), SMTP port 0 too (see {@link #smtpPort()}).
     *
     * @throws UncheckedIOException when the HTTP or the SMTP port cannot be bound
     */
    public static SandboxServer start(SandboxSettings settings) {
        SandboxServer server;
        try {
            server = new SandboxServer(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the sandbox on port " + settings.port(), e);
        }
        server.http.start();
        for (Simulator simulator : server.simulators) {
            try {
                simulator.start();
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e instanceof IOException io
                        ? new UncheckedIOException("Could not start the sandbox " + simulator.name(), io)
                        : (RuntimeException) e;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "Sandbox listening on {0}, SMTP on port {1}", server.baseUri(),
                String.valueOf(server.smtpPort()));
        return server;
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

    /** The public port of the SMTP sink (the chosen one when started with SMTP port 0). */
    public int smtpPort() {
        return mail.smtpPort();
    }

    /** The card payment provider: its switches, its reset, its ledger and its payments. */
    public PaymentSimulator payments() {
        return payments;
    }

    /** The warehouse: its hold switch, its ship delay, its picklists, shipments and deliveries, redelivery. */
    public WarehouseSimulator warehouse() {
        return warehouse;
    }

    /** The SMTP sink: the received messages, the refusal of connections. */
    public MailSimulator mail() {
        return mail;
    }

    /** Resets every simulator, as {@code POST /admin/reset} does. */
    public void reset() {
        simulators.forEach(Simulator::reset);
    }

    /**
     * Stops the server at once: answers still waiting (slow cards, slow answers), pending shipments and notice retries
     * and open SMTP connections are abandoned.
     */
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
     * Runs the sandbox standalone: {@code java -jar sandbox.jar [--port=8091] [--host=127.0.0.1] [--dedupe=true]
     * [--slow-answer-delay=30s] [--slow-card-delay=2s] [--threads=32] [--smtp-port=3025] [--ship-delay=5s]
     * [--webhook-secret=sandbox-webhook-secret]}.
     */
    public static void main(String[] args) throws InterruptedException {
        SandboxSettings settings;
        try {
            settings = SandboxSettings.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: java -jar sandbox.jar [--port=8091] [--host=127.0.0.1] [--dedupe=true]"
                    + " [--slow-answer-delay=30s] [--slow-card-delay=2s] [--threads=32] [--smtp-port=3025]"
                    + " [--ship-delay=5s] [--webhook-secret=sandbox-webhook-secret]");
            System.exit(2);
            return;
        }
        quietSlf4jWithoutProvider();
        SandboxServer server = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-shutdown"));
        System.out.println("Sandbox " + server.payments.name() + " listening on " + server.baseUri());
        System.out.println("Sandbox " + server.mail.name() + " listening on localhost:" + server.smtpPort());
        System.out.flush();
        server.awaitClose();
    }

    /**
     * GreenMail logs through SLF4J. The standalone jar brings no SLF4J provider, and SLF4J would then print a warning
     * about that on start; without a provider its own messages are limited to errors, so the output stays the lines
     * above. A provider put on the class path (or the property set) is left alone.
     */
    private static void quietSlf4jWithoutProvider() {
        String service = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
        if (System.getProperty("slf4j.internal.verbosity") == null
                && SandboxServer.class.getClassLoader().getResource(service) == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
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
