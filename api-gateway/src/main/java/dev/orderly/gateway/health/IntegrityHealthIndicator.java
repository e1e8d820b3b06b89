package dev.orderly.gateway.health;

import dev.orderly.query.monitor.MonitorIntegrityView;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code invariants}, the one member of the {@code integrity} health group ({@code /actuator/health/integrity}):
 * DOWN while the invariant monitor has a violation on record, with the count per invariant. It is kept out of the
 * liveness and readiness groups on purpose: a broken invariant is in the data, so restarting the node or taking it
 * out of the load balancer repairs nothing, and would only stop the service that lets an operator repair it. Overdue
 * orders and the monitor's lag are shown but leave it UP: they need a person, not an alarm on the system's integrity.
 */
@Component("invariants")
class IntegrityHealthIndicator implements HealthIndicator {

    private final MonitorIntegrity monitor;

    IntegrityHealthIndicator(MonitorIntegrity monitor) {
        this.monitor = monitor;
    }

    @Override
    public Health health() {
        MonitorIntegrityView integrity = monitor.read();
        return (integrity.violationCount() > 0 ? Health.down() : Health.up())
                .withDetail("violations", integrity.violationCount())
                .withDetail("violationsPerInvariant", integrity.violationsPerInvariant())
                .withDetail("overdueOrders", integrity.overdueOrders())
                .withDetail("lagEvents", integrity.lag())
                .build();
    }
}
