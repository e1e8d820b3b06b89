package dev.orderly.projection.live;

import com.zaxxer.hikari.HikariDataSource;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.ReservationView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Pushes order and reservation changes to this node's live subscribers, whichever node projected them. The order and
 * reservation projections send a PostgreSQL {@code NOTIFY} with the id in the transaction that changes the row, so it
 * is delivered only once committed; every node {@code LISTEN}s on its own connection and emits the fresh view to its
 * subscription queries. No extra server is needed, and a node that projected nothing still pushes.
 * <p>
 * A notification sent while the connection was down is lost for good, so each time the listener is listening again it
 * re-reads every order and reservation that has a subscriber on this node and pushes it; the streams leave out what
 * did not change. Listening first and re-reading second leaves no gap: what committed before is read, what commits
 * after is notified.
 * <p>
 * A notification for an id that nobody on this node subscribes to is dropped without reading the view: most changes
 * have no watcher, and reading each one cost a query per change. A subscription query registers its subscriber
 * before it reads its first answer, so a change dropped here committed before that first read and is in it.
 * {@code orderly_live_notifications_total{channel, outcome}} counts what was {@code pushed} and what had
 * {@code no-subscriber}.
 */
@Component
@EnableConfigurationProperties(LiveChangeListener.Properties.class)
class LiveChangeListener implements SmartLifecycle {

    /**
     * @param reconnectDelay how long the listener waits after losing its connection before it listens again, so that
     *                       a database that is down is not hammered
     */
    @ConfigurationProperties("orderly.live")
    record Properties(@DefaultValue("1s") Duration reconnectDelay) {
    }

    static final String ORDER_CHANNEL = "orderly_order_changed";
    static final String RESERVATION_CHANNEL = "orderly_reservation_changed";

    private static final Logger log = LoggerFactory.getLogger(LiveChangeListener.class);

    private final DataSource dataSource;
    private final QueryGateway queries;
    private final QueryUpdateEmitter emitter;
    private final Properties properties;
    private final Counter ordersPushed;
    private final Counter ordersUnwatched;
    private final Counter reservationsPushed;
    private final Counter reservationsUnwatched;
    private volatile boolean running;
    private Thread thread;

    LiveChangeListener(DataSource dataSource, QueryGateway queries, QueryUpdateEmitter emitter,
                       Properties properties, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.queries = queries;
        this.emitter = emitter;
        this.properties = properties;
        this.ordersPushed = notifications(metrics, "order", "pushed");
        this.ordersUnwatched = notifications(metrics, "order", "no-subscriber");
        this.reservationsPushed = notifications(metrics, "reservation", "pushed");
        this.reservationsUnwatched = notifications(metrics, "reservation", "no-subscriber");
    }

    private static Counter notifications(MeterRegistry metrics, String channel, String outcome) {
        return Counter.builder("orderly.live.notifications")
                .description("Change notifications received, by whether a subscriber on this node had the view read")
                .tag("channel", channel).tag("outcome", outcome)
                .register(metrics);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "live-change-listener");
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
                try {
                    listenOn(connection);
                } finally {
                    discard(connection);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Live change listener lost its connection, listening again: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void listenOn(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ORDER_CHANNEL);
            statement.execute("LISTEN " + RESERVATION_CHANNEL);
        }
        pushEverySubscribed();
        PGConnection postgres = connection.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(1000);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    String id = notification.getParameter();
                    if (RESERVATION_CHANNEL.equals(notification.getName())) {
                        if (subscribed(FindReservationQuery.class, query -> query.reservationId().toString().equals(id),
                                reservationsUnwatched)) {
                            pushReservation(id);
                        }
                    } else if (subscribed(FindOrderQuery.class, query -> query.orderId().toString().equals(id),
                            ordersUnwatched)) {
                        pushOrder(id);
                    }
                }
            }
        }
    }

    /**
     * Keeps the listening connection out of the pool when it is closed. Notifications are read from the driver's own
     * connection, past the pool, so the pool would not know that its session was cut (it would hand the dead
     * connection to the next request), and a session that still listens must not serve anyone else either.
     */
    private void discard(Connection connection) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            } else {
                connection.abort(Runnable::run);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not discard the live listener's connection: {}", e.toString());
        }
    }

    /** Whether a subscription query on this node asks for the id; counted when none does. */
    private <Q> boolean subscribed(Class<Q> queryType, Predicate<Q> asksFor, Counter unwatched) {
        for (SubscriptionQueryMessage<?, ?, ?> subscription : emitter.activeSubscriptions()) {
            if (queryType.isInstance(subscription.getPayload())
                    && asksFor.test(queryType.cast(subscription.getPayload()))) {
                return true;
            }
        }
        unwatched.increment();
        return false;
    }

    /** Pushes the current view of everything that has a subscriber here: what changed while nobody listened. */
    private void pushEverySubscribed() {
        for (SubscriptionQueryMessage<?, ?, ?> subscribed : emitter.activeSubscriptions()) {
            if (subscribed.getPayload() instanceof FindOrderQuery order) {
                pushOrder(order.orderId().toString());
            } else if (subscribed.getPayload() instanceof FindReservationQuery reservation) {
                pushReservation(reservation.reservationId().toString());
            }
        }
    }

    private void pushOrder(String orderId) {
        try {
            ordersPushed.increment();
            FindOrderQuery query = new FindOrderQuery(OrderId.of(orderId));
            Optional<OrderView> view = queries.query(query, ResponseTypes.optionalInstanceOf(OrderView.class)).join();
            view.ifPresent(order -> emitter.emit(FindOrderQuery.class,
                    subscribed -> subscribed.orderId().toString().equals(orderId), order));
        } catch (RuntimeException e) {
            log.warn("Could not push the change of order {}: {}", orderId, e.getMessage());
        }
    }

    private void pushReservation(String reservationId) {
        try {
            reservationsPushed.increment();
            FindReservationQuery query = new FindReservationQuery(ReservationId.of(reservationId));
            Optional<ReservationView> view = queries.query(query,
                    ResponseTypes.optionalInstanceOf(ReservationView.class)).join();
            view.ifPresent(reservation -> emitter.emit(FindReservationQuery.class,
                    subscribed -> subscribed.reservationId().toString().equals(reservationId), reservation));
        } catch (RuntimeException e) {
            log.warn("Could not push the change of reservation {}: {}", reservationId, e.getMessage());
        }
    }

    /** A moment between reconnection attempts, so a database that is down is not hammered. */
    private void pause() {
        LockSupport.parkNanos(properties.reconnectDelay().toNanos());
        if (Thread.currentThread().isInterrupted()) {
            running = false;
        }
    }
}
