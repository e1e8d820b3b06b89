package dev.orderly.gateway.security;

import java.util.List;

/** The {@code prod} profile was started with settings that are only safe on a developer's machine. */
final class UnsafeProductionSettingsException extends RuntimeException {

    private final List<String> violations;

    UnsafeProductionSettingsException(List<String> violations) {
        super("The prod profile refuses to start: " + String.join(" ", violations));
        this.violations = List.copyOf(violations);
    }

    /** One sentence per unsafe setting, naming the property and what to set instead. */
    List<String> violations() {
        return violations;
    }
}
