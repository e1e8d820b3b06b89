package dev.orderly.projection.monitor;

import org.axonframework.eventhandling.EventMessage;

/**
 * One family of invariants, folded from the event store in commit order. A check keeps whatever state it needs in
 * its own tables, never in another read model, and reports what it finds to the {@link Violations} it is given.
 * It runs inside the monitor's transaction, so its state and the monitor's token move together.
 */
interface InvariantCheck {

    void check(EventMessage<?> event, long globalIndex, Violations violations);

    /** Forgets all folded state, when the monitor is replayed from the tail. */
    void reset();
}
