package dev.orderly.query.intake;

public record FindIntakeStatusQuery() {
}
