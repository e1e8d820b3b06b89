package dev.orderly.gateway.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns the refusal into Spring Boot's start-up failure report: each unsafe setting on a line of its own. */
final class UnsafeProductionSettingsFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeProductionSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeProductionSettingsException cause) {
        return new FailureAnalysis("The " + ProductionSettingsCheck.PROFILE + " profile refuses to start with "
                + cause.violations().size() + " unsafe setting(s):\n - " + String.join("\n - ", cause.violations()),
                "Change the settings named above (the README's Operations section lists what prod requires), or run "
                        + "without the " + ProductionSettingsCheck.PROFILE + " profile on a developer's machine.",
                cause);
    }
}
