package dev.orderly.gateway.ops;

import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.query.intake.IntakeStatusView;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows in {@code /actuator/health} whether intake is open. A paused intake is reported as a detail, not as DOWN: the
 * node still serves queries and finishes the work it accepted, so a load balancer should keep it.
 */
@Component("intake")
class IntakeHealthIndicator implements HealthIndicator {

    private final IntakeGuard intake;

    IntakeHealthIndicator(IntakeGuard intake) {
        this.intake = intake;
    }

    @Override
    public Health health() {
        IntakeStatusView status = intake.status();
        return Health.up()
                .withDetail("accepting", status.accepting())
                .withDetail("manuallyPaused", status.manuallyPaused())
                .withDetail("providerCircuit", status.providerCircuit())
                .withDetail("reason", status.reason() == null ? "" : status.reason())
                .build();
    }
}
