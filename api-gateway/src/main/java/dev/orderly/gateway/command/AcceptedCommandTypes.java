package dev.orderly.gateway.command;

import dev.orderly.command.order.PlaceOrderCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReserveResourceCommand;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commands the outbox accepts, by the type name stored with each row (the class name, as rows stored before this
 * list hold it). A row is read back only as one of these, never by loading whatever class it names; a command not
 * listed is refused as it is accepted, so a new asynchronous command fails its first test rather than its dispatch.
 */
final class AcceptedCommandTypes {

    private static final Map<String, Class<?>> TYPES = Stream.of(PlaceOrderCommand.class,
                    RequestPaymentCommand.class, ReserveResourceCommand.class, ReleaseReservationCommand.class)
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    private AcceptedCommandTypes() {
    }

    /** The name stored with {@code command}. */
    static String nameOf(Object command) {
        String name = command.getClass().getName();
        if (!TYPES.containsKey(name)) {
            throw new IllegalArgumentException(name + " is not a command the outbox accepts (AcceptedCommandTypes)");
        }
        return name;
    }

    /**
     * The type a stored row names; empty for a name this node does not know, which in a rolling upgrade is a command
     * added by a newer release, stored by one of its nodes.
     */
    static Optional<Class<?>> typeOf(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }
}
