package dev.orderly.projection.monitor;

import dev.orderly.query.monitor.FindMonitorIntegrityQuery;
import dev.orderly.query.monitor.FindMonitorStatusQuery;
import dev.orderly.query.monitor.MonitorIntegrityView;
import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.monitor.OverdueOrderView;
import dev.orderly.query.monitor.ViolationView;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's report. Overdue orders are found here rather than by a check: a bound is broken by time passing, and
 * the fold only knows when each order entered its phase and when each payment was captured.
 */
@Component
class MonitorStatusQueries {

    static final String CAPTURED_UNSETTLED = "CAPTURED_UNSETTLED";

    private final JdbcTemplate jdbc;
    private final EventStore eventStore;
    private final MonitorProperties properties;

    MonitorStatusQueries(JdbcTemplate jdbc, EventStore eventStore, MonitorProperties properties) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.properties = properties;
    }

    @QueryHandler
    MonitorStatusView handle(FindMonitorStatusQuery query) {
        long headPosition = headPosition();
        long[] progress = progress();
        long violationCount = jdbc.queryForObject("SELECT count(*) FROM monitor_violation", Long.class);
        List<ViolationView> recent = jdbc.query("""
                SELECT invariant, aggregate_id, global_index, event_identifier, detail, detected_at
                FROM monitor_violation ORDER BY id DESC LIMIT ?""",
                (rs, row) -> new ViolationView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()),
                query.violationLimit());
        List<Object> args = new ArrayList<>(overdueArguments());
        args.add(query.violationLimit());
        List<OverdueOrderView> overdue = jdbc.query(overdue("order_id, phase, since, bound_seconds",
                        "ORDER BY since, order_id LIMIT ?"),
                (rs, row) -> new OverdueOrderView(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), Duration.ofSeconds(rs.getLong(4))), args.toArray());
        long overdueCount = overdueCount();
        String status = violationCount > 0 ? "VIOLATED" : overdueCount > 0 ? "OVERDUE" : "OK";
        return new MonitorStatusView(status, progress[0], progress[1], headPosition,
                Math.max(0, headPosition - progress[1]), violationCount, recent,
                overdue.stream().map(OverdueOrderView::orderId).distinct().toList(), overdue);
    }

    @QueryHandler
    MonitorIntegrityView handle(FindMonitorIntegrityQuery query) {
        Map<String, Long> perInvariant = new LinkedHashMap<>();
        jdbc.query("SELECT invariant, count(*) FROM monitor_violation GROUP BY invariant ORDER BY invariant",
                rs -> { perInvariant.put(rs.getString(1), rs.getLong(2)); });
        long violationCount = perInvariant.values().stream().mapToLong(Long::longValue).sum();
        return new MonitorIntegrityView(violationCount, perInvariant, overdueCount(),
                Math.max(0, headPosition() - progress()[1]));
    }

    private long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1L);
    }

    /** {events checked, last global index}; nothing checked while an operator has cleared the progress row. */
    private long[] progress() {
        return jdbc.query("SELECT events_checked, last_global_index FROM monitor_progress WHERE id = 1",
                        (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)})
                .stream().findFirst().orElse(new long[]{0, -1});
    }

    private long overdueCount() {
        return jdbc.queryForObject(overdue("count(DISTINCT order_id)", ""), Long.class,
                overdueArguments().toArray());
    }

    private static final String PHASE_BOUNDS = String.join(", ",
            Collections.nCopies(OrderPhase.open().size(), "(?, ?::bigint)"));

    /**
     * Orders past a bound: a captured payment neither shipped nor refunded, or a phase that is not terminal, each
     * with its bound in seconds ({@link #overdueArguments()}).
     */
    private static String overdue(String columns, String tail) {
        return """
                SELECT %s FROM (
                    SELECT order_id, '%s' AS phase, first_captured_at AS since, ?::bigint AS bound_seconds
                    FROM monitor_order_payment
                    WHERE captures > 0 AND shipments = 0 AND refunded_amount < captured_amount
                    UNION ALL
                    SELECT fold.order_id, fold.phase, fold.entered_at, bound.seconds
                    FROM monitor_order_phase fold
                    JOIN (VALUES %s) AS bound (phase, seconds) ON bound.phase = fold.phase
                ) overdue
                WHERE since < now() - bound_seconds * interval '1 second'
                %s""".formatted(columns, CAPTURED_UNSETTLED, PHASE_BOUNDS, tail);
    }

    private List<Object> overdueArguments() {
        List<Object> args = new ArrayList<>();
        args.add(properties.captureSettlementBound().toSeconds());
        for (OrderPhase phase : OrderPhase.open()) {
            args.add(phase.name());
            args.add(properties.bound(phase).toSeconds());
        }
        return args;
    }
}
