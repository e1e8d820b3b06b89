package dev.sandbox.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A TCP relay on the public SMTP port: each connection is either refused with a transient {@code 421} (when
 * {@code refuse} says so) or piped, byte for byte and both ways, to the SMTP server behind it.
 */
final class SmtpRelay implements AutoCloseable {

    static final String REFUSAL = "421 4.3.2 Sandbox refuses this connection, try again later\r\n";
    private static final System.Logger LOG = System.getLogger(SmtpRelay.class.getName());

    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final BooleanSupplier refuse;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean(false);
    private ServerSocket server;

    /**
     * @param listen where to listen (port 0 picks a free one)
     * @param target the SMTP server to pipe to
     * @param refuse asked once per new connection; {@code true} refuses it
     */
    SmtpRelay(InetSocketAddress listen, InetSocketAddress target, BooleanSupplier refuse) {
        this.listen = listen;
        this.target = target;
        this.refuse = refuse;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-smtp-relay-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds the port and starts accepting. */
    void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(listen, 50);
        } catch (IOException e) {
            server.close();
            threads.shutdownNow();
            throw e;
        }
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.log(System.Logger.Level.WARNING, "The SMTP relay stopped accepting", e);
                }
                return;
            }
            open.add(client);
            try {
                threads.execute(() -> handle(client));
            } catch (RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    private void handle(Socket client) {
        if (refuse.getAsBoolean()) {
            try (client) {
                OutputStream out = client.getOutputStream();
                out.write(REFUSAL.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                client.shutdownOutput();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "A refused SMTP client went away early", e);
            } finally {
                open.remove(client);
            }
            return;
        }
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            upstream.connect(target, 5000);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "The SMTP relay could not reach the SMTP server at " + target, e);
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        try {
            threads.execute(() -> pipe(client, upstream, false, client, upstream));
        } catch (RejectedExecutionException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        pipe(upstream, client, true, client, upstream);
    }

    /**
     * Copies until end of stream. When the client stops sending, the server is told so (half-close) and may still
     * answer; when the server ends the session, both sockets are closed.
     */
    private void pipe(Socket from, Socket to, boolean fromServer, Socket client, Socket upstream) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                out.flush();
            }
            if (fromServer) {
                closeQuietly(client);
                closeQuietly(upstream);
            } else {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.TRACE, "Closing a relay socket failed", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing the SMTP relay's port failed", e);
            }
        }
        for (Socket socket : Set.copyOf(open)) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }
}
