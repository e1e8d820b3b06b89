package dev.orderly.gateway.ops;

import dev.orderly.command.payment.ManualResolution;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

final class OpsRequests {

    private OpsRequests() {
    }

    record Resolve(@NotBlank @Size(max = 100) String operator,
                   @NotNull ManualResolution resolution,
                   @NotBlank @Size(max = 1000) String note) {
    }

    record PauseIntake(@NotBlank @Size(max = 100) String operator,
                       @NotBlank @Size(max = 500) String reason) {
    }

    record ResumeIntake(@NotBlank @Size(max = 100) String operator) {
    }
}
