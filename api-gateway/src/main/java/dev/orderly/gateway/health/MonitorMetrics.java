package dev.orderly.gateway.health;

import dev.orderly.query.monitor.MonitorIntegrityView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code orderly_monitor_violations}: every violation the invariant monitor has on record, the same on every node
 * (it comes from the shared database), so an alert can be {@code orderly_monitor_violations > 0}; and
 * {@code orderly_monitor_overdue_orders}, the orders past one of their phase bounds now. Read every
 * {@code orderly.metrics.refresh}, like the other business gauges, so that scraping costs no query; they are NaN until
 * the first read.
 */
@Component
class MonitorMetrics {

    private static final Logger log = LoggerFactory.getLogger(MonitorMetrics.class);

    private final MonitorIntegrity monitor;
    private volatile double violations = Double.NaN;
    private volatile double overdueOrders = Double.NaN;

    MonitorMetrics(MonitorIntegrity monitor, MeterRegistry registry) {
        this.monitor = monitor;
        Gauge.builder("orderly.monitor.violations", this, metrics -> metrics.violations)
                .description("invariant violations the runtime monitor has recorded")
                .register(registry);
        Gauge.builder("orderly.monitor.overdue.orders", this, metrics -> metrics.overdueOrders)
                .description("orders the runtime monitor finds past one of their phase bounds now")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${orderly.metrics.refresh:15s}")
    void refresh() {
        try {
            MonitorIntegrityView integrity = monitor.read();
            violations = integrity.violationCount();
            overdueOrders = integrity.overdueOrders();
        } catch (RuntimeException e) {
            log.warn("Monitor gauge not refreshed: {}", e.getMessage());
        }
    }
}
