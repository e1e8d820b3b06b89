package dev.orderly.command;

import org.axonframework.commandhandling.CommandExecutionException;

/**
 * Thrown by a command handler when a request that a caller waits on breaks a business rule. It extends
 * {@link CommandExecutionException} so that the {@link Refusal} travels as exception details even when commands are
 * routed through Axon Server to another node.
 */
public class CommandRefusedException extends CommandExecutionException {

    public CommandRefusedException(String code, String detail) {
        super(detail, null, new Refusal(code, detail));
    }

    public Refusal refusal() {
        return this.<Refusal>getDetails().orElseThrow();
    }
}
