package dev.orderly.saga.intake;

import dev.orderly.command.intake.PauseIntakeCommand;
import dev.orderly.command.intake.ResumeIntakeCommand;
import dev.orderly.query.intake.FindIntakeStatusQuery;
import dev.orderly.query.intake.IntakeStatusView;
import dev.orderly.saga.payment.PaymentProcessingProperties;
import dev.orderly.saga.payment.PaymentProvider;
import dev.orderly.saga.payment.PaymentProviderProperties;
import dev.orderly.saga.payment.ProviderUnavailableException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Whether new payments and orders are accepted. Intake pauses by itself while the provider is failing (this node's
 * circuit breaker is open), and an operator can pause it by hand for all nodes. While the breaker is not closed, a
 * probe asks the provider a harmless question every {@code orderly.payments.probe-interval}, so intake resumes by
 * itself once it answers again.
 */
@Component
class PaymentIntake implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PaymentIntake.class);
    private static final String PROBE_KEY = "orderly-intake-probe";

    private final JdbcTemplate jdbc;
    private final PaymentProvider provider;
    private final PaymentProviderProperties providerProperties;
    private final PaymentProcessingProperties processing;

    PaymentIntake(JdbcTemplate jdbc, PaymentProvider provider, PaymentProviderProperties providerProperties,
                  PaymentProcessingProperties processing) {
        this.jdbc = jdbc;
        this.provider = provider;
        this.providerProperties = providerProperties;
        this.processing = processing;
    }

    @CommandHandler
    void handle(PauseIntakeCommand command) {
        jdbc.update("UPDATE intake_control SET paused = true, changed_by = ?, reason = ?, changed_at = now() "
                + "WHERE id = 1", command.operator(), command.reason());
        log.warn("Intake paused by {}: {}", command.operator(), command.reason());
    }

    @CommandHandler
    void handle(ResumeIntakeCommand command) {
        jdbc.update("UPDATE intake_control SET paused = false, changed_by = ?, reason = null, changed_at = now() "
                + "WHERE id = 1", command.operator());
        log.warn("Intake resumed by {}", command.operator());
    }

    @QueryHandler
    IntakeStatusView handle(FindIntakeStatusQuery query) {
        return jdbc.queryForObject("SELECT paused, changed_by, reason, changed_at FROM intake_control WHERE id = 1",
                (rs, row) -> {
                    boolean manual = rs.getBoolean(1);
                    boolean providerFailing = !provider.available();
                    String reason = manual ? rs.getString(3)
                            : providerFailing ? "the payment provider is failing; intake resumes when it recovers"
                            : null;
                    long retryAfter = manual ? 60 : providerProperties.waitInOpenState().toSeconds();
                    return new IntakeStatusView(!manual && !providerFailing, manual, manual ? rs.getString(2) : null,
                            reason, provider.circuitState(), Math.max(1, retryAfter),
                            rs.getTimestamp(4).toInstant());
                });
    }

    /** The probe's interval comes from the properties record, where its default is documented. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::probe, processing.probeInterval());
    }

    void probe() {
        if ("CLOSED".equals(provider.circuitState())) {
            return;
        }
        try {
            provider.findByKey(PROBE_KEY);
        } catch (ProviderUnavailableException stillFailing) {
            log.debug("Payment provider probe failed: {}", stillFailing.getMessage());
        }
    }
}
