package dev.orderly.projection.monitor;

import dev.orderly.query.monitor.FindMonitorStatusQuery;
import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.monitor.ViolationView;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

@Component
class MonitorStatusQueries {

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
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1L);
        long[] progress = jdbc.queryForObject(
                "SELECT events_checked, last_global_index FROM monitor_progress WHERE id = 1",
                (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)});
        long violationCount = jdbc.queryForObject("SELECT count(*) FROM monitor_violation", Long.class);
        List<ViolationView> recent = jdbc.query("""
                SELECT invariant, aggregate_id, global_index, event_identifier, detail, detected_at
                FROM monitor_violation ORDER BY id DESC LIMIT ?""",
                (rs, row) -> new ViolationView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()),
                query.violationLimit());
        List<String> overdue = jdbc.queryForList("""
                SELECT order_id FROM monitor_order_payment
                WHERE captures > 0 AND shipments = 0 AND refunded_amount < captured_amount
                  AND first_captured_at < now() - ?::interval
                ORDER BY first_captured_at LIMIT ?""", String.class,
                properties.captureSettlementBound().toSeconds() + " seconds", query.violationLimit());
        String status = violationCount > 0 ? "VIOLATED" : overdue.isEmpty() ? "OK" : "OVERDUE";
        return new MonitorStatusView(status, progress[0], progress[1], headPosition,
                Math.max(0, headPosition - progress[1]), violationCount, recent, overdue);
    }
}
