package dev.orderly.projection.live;

import dev.orderly.command.order.OrderId;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.OrderView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes order changes to this node's live subscribers, whichever node projected them. The order projection sends a
 * PostgreSQL {@code NOTIFY} in the transaction that changes the row, so it is delivered only once committed; every
 * node {@code LISTEN}s on its own connection and emits the fresh view to its subscription queries. No extra server
 * is needed, and a node that projected nothing still pushes.
 */
@Component
class OrderChangeListener implements SmartLifecycle {

    static final String CHANNEL = "orderly_order_changed";

    private static final Logger log = LoggerFactory.getLogger(OrderChangeListener.class);

    private final DataSource dataSource;
    private final QueryGateway queries;
    private final QueryUpdateEmitter emitter;
    private volatile boolean running;
    private Thread thread;

    OrderChangeListener(DataSource dataSource, QueryGateway queries, QueryUpdateEmitter emitter) {
        this.dataSource = dataSource;
        this.queries = queries;
        this.emitter = emitter;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "order-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            push(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Order change listener lost its connection, listening again: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void push(String orderId) {
        try {
            FindOrderQuery query = new FindOrderQuery(OrderId.of(orderId));
            Optional<OrderView> view = queries.query(query, ResponseTypes.optionalInstanceOf(OrderView.class)).join();
            view.ifPresent(order -> emitter.emit(FindOrderQuery.class,
                    subscribed -> subscribed.orderId().toString().equals(orderId), order));
        } catch (RuntimeException e) {
            log.warn("Could not push the change of order {}: {}", orderId, e.getMessage());
        }
    }

    /** A moment between reconnection attempts, so a database that is down is not hammered. */
    private void pause() {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        if (Thread.currentThread().isInterrupted()) {
            running = false;
        }
    }
}
