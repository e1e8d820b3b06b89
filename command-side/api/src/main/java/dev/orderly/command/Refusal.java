package dev.orderly.command;

/**
 * Why a command handler refused a synchronous request. The {@code code} is stable and becomes the suffix of the
 * problem {@code type} that clients see; the {@code detail} is for humans.
 */
public record Refusal(String code, String detail) {
}
