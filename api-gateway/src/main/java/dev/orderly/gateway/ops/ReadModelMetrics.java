package dev.orderly.gateway.ops;

import dev.orderly.gateway.payment.IntakeGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Business gauges for Prometheus, the same on every node because they come from the shared database: orders and
 * payments per status (read models), live sagas per type (Axon's saga store), and whether intake accepts. They are
 * refreshed every {@code orderly.metrics.refresh} rather than per scrape, so scraping costs no queries. The per-node
 * counters {@code orderly_payment_outcomes_total} and {@code orderly_saga_fulfilments_total} come from the jobs and
 * the saga themselves.
 */
@Component
class ReadModelMetrics {

    private static final Logger log = LoggerFactory.getLogger(ReadModelMetrics.class);

    private final JdbcTemplate jdbc;
    private final MultiGauge orders;
    private final MultiGauge payments;
    private final MultiGauge sagas;

    ReadModelMetrics(JdbcTemplate jdbc, MeterRegistry registry, IntakeGuard intake) {
        this.jdbc = jdbc;
        this.orders = MultiGauge.builder("orderly.orders").description("orders per status (order read model)")
                .register(registry);
        this.payments = MultiGauge.builder("orderly.payments").description("payments per status (payment read model)")
                .register(registry);
        this.sagas = MultiGauge.builder("orderly.sagas.active").description("live saga instances per type")
                .register(registry);
        Gauge.builder("orderly.intake.accepting", intake, guard -> guard.status().accepting() ? 1 : 0)
                .description("1 while new orders and payments are accepted, 0 while intake is paused")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${orderly.metrics.refresh:15s}")
    void refresh() {
        try {
            orders.register(rows("SELECT status, count(*) FROM order_view GROUP BY status", "status"), true);
            payments.register(rows("SELECT status, count(*) FROM payment_view GROUP BY status", "status"), true);
            sagas.register(rows("SELECT sagatype, count(*) FROM sagaentry GROUP BY sagatype", "type"), true);
        } catch (DataAccessException e) {
            log.warn("Business gauges not refreshed: {}", e.getMessage());
        }
    }

    private List<MultiGauge.Row<?>> rows(String sql, String tag) {
        return jdbc.query(sql, (rs, row) -> MultiGauge.Row.of(Tags.of(tag, simpleName(rs.getString(1))),
                rs.getLong(2)));
    }

    /** Saga types are class names; the simple name is enough in a label. */
    private static String simpleName(String value) {
        return value.substring(value.lastIndexOf('.') + 1);
    }
}
