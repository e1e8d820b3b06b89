package dev.orderly.command.intake;

/** An operator stops new payments and orders from being accepted, for the stated reason. */
public record PauseIntakeCommand(String operator, String reason) {
}
