package dev.orderly.command.intake;

/** An operator lifts a manual pause of intake. An automatic pause still holds until the provider recovers. */
public record ResumeIntakeCommand(String operator) {
}
