package dev.orderly.projection.dashboard;

import dev.orderly.query.dashboard.DashboardView;
import dev.orderly.query.dashboard.FindDashboardQuery;
import dev.orderly.query.order.OrderStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregates over the read models for operators. Read models lag a little; the monitor does not. */
@Component
class DashboardQueries {

    private final JdbcTemplate jdbc;

    DashboardQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    DashboardView handle(FindDashboardQuery query) {
        Map<OrderStatus, Long> perStatus = new LinkedHashMap<>();
        jdbc.query("SELECT status, count(*) FROM order_view GROUP BY status ORDER BY status",
                rs -> {
                    perStatus.put(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        List<DashboardView.MinuteCount> throughput = jdbc.query("""
                SELECT minute, count(o.order_id)
                FROM generate_series(date_trunc('minute', now()) - (? - 1) * interval '1 minute',
                                     date_trunc('minute', now()), interval '1 minute') AS minute
                LEFT JOIN order_view o ON date_trunc('minute', o.placed_at) = minute
                GROUP BY minute ORDER BY minute""",
                (rs, row) -> new DashboardView.MinuteCount(rs.getTimestamp(1).toInstant(), rs.getLong(2)),
                query.windowMinutes());
        List<DashboardView.Revenue> revenue = jdbc.query("""
                SELECT currency, sum(captured_amount), sum(refunded_amount) FROM payment_view
                GROUP BY currency ORDER BY currency""",
                (rs, row) -> new DashboardView.Revenue(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        List<DashboardView.Utilisation> utilisation = jdbc.query("""
                SELECT resource_id, name, capacity, held FROM resource_availability ORDER BY held::float / capacity DESC,
                       resource_id LIMIT 100""",
                (rs, row) -> new DashboardView.Utilisation(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getInt(4), rs.getInt(3) == 0 ? 0 : (double) rs.getInt(4) / rs.getInt(3)));
        List<DashboardView.StuckOrder> stuck = jdbc.query("""
                SELECT order_id, status, placed_at, updated_at FROM order_view
                WHERE status <> ALL (?) AND NOT needs_attention
                  AND placed_at < now() - ? * interval '1 minute'
                ORDER BY placed_at LIMIT 100""",
                (rs, row) -> new DashboardView.StuckOrder(rs.getString(1), OrderStatus.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()),
                OrderStatus.finalNames(), query.stuckAfterMinutes());
        return new DashboardView(perStatus, throughput, revenue, utilisation, stuck);
    }
}
