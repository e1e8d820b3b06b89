package dev.orderly.axon.wake;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the other nodes sharing the database that this node appended events, and wakes this node's event store when
 * another did, through PostgreSQL {@code NOTIFY} and {@code LISTEN}.
 * <p>
 * The notice is sent after the append committed, in a transaction of its own on a pooled connection, and one notice
 * covers every commit made before it is sent. It is not sent by a trigger inside the appending transaction on
 * purpose: PostgreSQL serialises the commits of all transactions that notify, WAL flush included, which would cap
 * the whole cluster's appends at about one thread's commit rate. The cost is that a node dying between its commit
 * and its notice, or a writer other than a node, is seen only at the event store's fetch delay.
 * <p>
 * The listener holds a connection of its own, outside the pool, named {@code orderly-wake:<node id>} in
 * {@code pg_stat_activity}. When it is lost (PostgreSQL restarted, the session was killed) the node logs it, falls
 * back on the fetch delay and listens again with a growing pause; each time it listens, it first has the store
 * look for events, so what was appended while nobody listened is not left waiting.
 */
public class AppendNotifier implements SmartLifecycle {

    /** The channel every node listens on; the payload is the id of the node that appended. */
    static final String CHANNEL = "orderly_events_appended";

    private static final Logger log = LoggerFactory.getLogger(AppendNotifier.class);

    private final HikariDataSource pool;
    private final WakingEventStore store;
    private final WakeProperties properties;
    private final String nodeId;
    private final String applicationName;
    private final AtomicBoolean noticePending = new AtomicBoolean();
    private final AtomicBoolean noticeFailing = new AtomicBoolean();
    private final ExecutorService notices = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "append-notices");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private volatile Connection listening;
    private Thread listener;
    /** The listener thread's next pause after a lost connection. */
    private Duration pause;

    public AppendNotifier(DataSource dataSource, WakingEventStore store, WakeProperties properties, String nodeId) {
        try {
            this.pool = dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The append listener reads its connection settings from a Hikari pool", e);
        }
        this.store = store;
        this.properties = properties;
        this.nodeId = nodeId;
        this.applicationName = applicationName(nodeId);
    }

    /** The {@code application_name} of this node's listening session (PostgreSQL keeps 63 bytes of it). */
    public static String applicationName(String nodeId) {
        String name = "orderly-wake:" + nodeId;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public void start() {
        running = true;
        store.onLocalCommit(this::announce);
        listener = new Thread(this::listen, "append-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        store.onLocalCommit(() -> { });
        notices.shutdown();
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                log.debug("Could not abort the append listener's connection: {}", e.toString());
            }
        }
        listener.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Asks for a notice to the other nodes; commits made before it is sent need no other. */
    void announce() {
        if (running && noticePending.compareAndSet(false, true)) {
            notices.execute(this::sendNotice);
        }
    }

    private void sendNotice() {
        // Cleared before sending: a commit after this point asks for a notice of its own.
        noticePending.set(false);
        try (Connection connection = pool.getConnection();
             PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, nodeId);
            notify.execute();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            if (noticeFailing.compareAndSet(true, false)) {
                log.info("Telling other nodes of this node's appends again");
            }
        } catch (SQLException | RuntimeException e) {
            if (noticeFailing.compareAndSet(false, true)) {
                log.warn("Could not tell other nodes of this node's appends ({}); they see them within {}",
                        e.getMessage(), properties.fetchDelay());
            }
        }
    }

    private void listen() {
        boolean lost = false;
        pause = properties.reconnectDelay();
        while (running) {
            try (Connection connection = connect()) {
                listening = connection;
                listenOn(connection, lost);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("The append listener lost its connection ({}); other nodes' events are seen within {} "
                        + "until it listens again; next attempt in {}", e.getMessage(), properties.fetchDelay(), pause);
                lost = true;
                LockSupport.parkNanos(pause.toNanos());
                pause = min(pause.multipliedBy(2), properties.maxReconnectDelay());
            } finally {
                listening = null;
            }
        }
    }

    private void listenOn(Connection connection, boolean lost) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        pause = properties.reconnectDelay();
        PGConnection postgres = connection.unwrap(PGConnection.class);
        log.info("{} for other nodes' appends on channel {} (session {}, pid {})",
                lost ? "Listening again" : "Listening", CHANNEL, applicationName, postgres.getBackendPID());
        // Listening first and looking second leaves no gap: what committed before is fetched, what after is notified.
        store.lookForEvents();
        int timeout = (int) properties.probeInterval().toMillis();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(timeout);
            if (notifications == null || notifications.length == 0) {
                try (Statement probe = connection.createStatement()) {
                    probe.execute("SELECT 1");
                }
            } else if (fromAnotherNode(notifications)) {
                store.lookForEvents();
            }
        }
    }

    private static Duration min(Duration one, Duration other) {
        return one.compareTo(other) < 0 ? one : other;
    }

    private boolean fromAnotherNode(PGNotification[] notifications) {
        for (PGNotification notification : notifications) {
            if (!nodeId.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    /** A session of its own, not a pooled one: it never returns to the pool, and a full pool cannot keep it away. */
    private Connection connect() throws SQLException {
        Properties settings = new Properties();
        settings.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            settings.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            settings.setProperty("password", pool.getPassword());
        }
        settings.setProperty("ApplicationName", applicationName);
        settings.setProperty("connectTimeout", "10");
        Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), settings);
        connection.setAutoCommit(true);
        return connection;
    }
}
