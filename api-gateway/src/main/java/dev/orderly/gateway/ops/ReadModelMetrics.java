package dev.orderly.gateway.ops;

import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.query.intake.IntakeStatusView;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.payment.PaymentStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Business gauges for Prometheus, the same on every node because they come from the shared database: orders and
 * payments per status (read models; a status once seen stays, at 0), the manual-intervention queue
 * ({@code orderly_attention_queue{kind}}: payments an operator must resolve, and orders flagged for a person), live
 * sagas per type (Axon's saga store; every type, at 0 while none runs), and whether intake accepts and, if not, why
 * ({@code orderly_intake_paused{cause}}: {@code operator}, shared, or {@code provider}, this node's circuit breaker).
 * They are refreshed every {@code orderly.metrics.refresh} rather than per scrape, so scraping costs no queries; the
 * single-value gauges are NaN until the first read. The per-node counters {@code orderly_payment_outcomes_total} and
 * {@code orderly_saga_fulfilments_total} come from the jobs and the saga themselves.
 */
@Component
class ReadModelMetrics {

    private static final Logger log = LoggerFactory.getLogger(ReadModelMetrics.class);

    private final JdbcTemplate jdbc;
    private final IntakeGuard intake;
    private final EventProcessingConfiguration processing;
    private final LabelledCounts orders;
    private final LabelledCounts payments;
    private final LabelledCounts sagas;
    private volatile double paymentsNeedingAttention = Double.NaN;
    private volatile double ordersNeedingAttention = Double.NaN;
    private volatile IntakeStatusView intakeStatus;

    ReadModelMetrics(JdbcTemplate jdbc, MeterRegistry registry, IntakeGuard intake,
                     EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.processing = processing;
        this.orders = new LabelledCounts(MultiGauge.builder("orderly.orders")
                .description("orders per status (order read model)").register(registry), "status");
        this.payments = new LabelledCounts(MultiGauge.builder("orderly.payments")
                .description("payments per status (payment read model)").register(registry), "status");
        this.sagas = new LabelledCounts(MultiGauge.builder("orderly.sagas.active")
                .description("live saga instances per type").register(registry), "type");
        Gauge.builder("orderly.attention.queue", this, metrics -> metrics.paymentsNeedingAttention)
                .tag("kind", "payment")
                .description("payments waiting for an operator's resolution (GET /api/ops/payments/attention)")
                .register(registry);
        Gauge.builder("orderly.attention.queue", this, metrics -> metrics.ordersNeedingAttention)
                .tag("kind", "order")
                .description("orders flagged for a person (needsAttention) and not yet shipped or cancelled")
                .register(registry);
        Gauge.builder("orderly.intake.accepting", this, metrics -> metrics.intake(IntakeStatusView::accepting))
                .description("1 while new orders and payments are accepted, 0 while intake is paused")
                .register(registry);
        Gauge.builder("orderly.intake.paused", this, metrics -> metrics.intake(IntakeStatusView::manuallyPaused))
                .tag("cause", "operator").description("1 while an operator has paused intake (on every node)")
                .register(registry);
        Gauge.builder("orderly.intake.paused", this,
                        metrics -> metrics.intake(status -> !"CLOSED".equals(status.providerCircuit())))
                .tag("cause", "provider")
                .description("1 while this node's circuit breaker towards the payment provider is not closed")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${orderly.metrics.refresh:15s}")
    void refresh() {
        try {
            intakeStatus = intake.status();
            Map<String, Long> orderCounts = new LinkedHashMap<>();
            long[] flagged = {0};
            // An order flagged and then shipped or cancelled is no longer anyone's to look at.
            jdbc.query("""
                    SELECT status, count(*), count(*) FILTER (WHERE needs_attention AND status <> ALL (?))
                    FROM order_view GROUP BY status""", rs -> {
                orderCounts.put(rs.getString(1), rs.getLong(2));
                flagged[0] += rs.getLong(3);
            }, (Object) OrderStatus.finalNames());
            orders.update(orderCounts);
            ordersNeedingAttention = flagged[0];
            Map<String, Long> paymentCounts = counts("SELECT status, count(*) FROM payment_view GROUP BY status");
            payments.update(paymentCounts);
            paymentsNeedingAttention = paymentCounts.getOrDefault(PaymentStatus.NEEDS_ATTENTION.name(), 0L);
            Map<String, Long> sagaCounts = new LinkedHashMap<>();
            // Every saga type is shown, at 0 while none runs, so that a panel of them is never empty.
            processing.sagaConfigurations().forEach(saga -> sagaCounts.put(saga.type().getName(), 0L));
            sagaCounts.putAll(counts("SELECT sagatype, count(*) FROM sagaentry GROUP BY sagatype"));
            sagas.update(sagaCounts);
        } catch (RuntimeException e) {
            log.warn("Business gauges not refreshed: {}", e.getMessage());
        }
    }

    private double intake(Predicate<IntakeStatusView> holds) {
        IntakeStatusView status = intakeStatus;
        return status == null ? Double.NaN : holds.test(status) ? 1 : 0;
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    /**
     * One gauge per label value. A value once seen stays, at 0, when no row has it any more: a status that empties
     * then drops to 0 on a graph rather than ending in mid-air at its last count.
     */
    private static final class LabelledCounts {

        private final MultiGauge gauge;
        private final String tag;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        LabelledCounts(MultiGauge gauge, String tag) {
            this.gauge = gauge;
            this.tag = tag;
        }

        void update(Map<String, Long> counts) {
            Map<String, Long> values = new TreeMap<>();
            seen.forEach(value -> values.put(value, 0L));
            counts.forEach((value, count) -> values.put(simpleName(value), count));
            seen.addAll(values.keySet());
            gauge.register(values.entrySet().stream().<MultiGauge.Row<?>>map(value -> MultiGauge.Row.of(
                    Tags.of(tag, value.getKey()), value.getValue())).toList(), true);
        }
    }

    /** Saga types are class names; the simple name is enough in a label. */
    private static String simpleName(String value) {
        return value.substring(value.lastIndexOf('.') + 1);
    }
}
