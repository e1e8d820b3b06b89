package dev.orderly.benchmark;

import dev.orderly.command.Money;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ResourceId;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S1: events appended per second through Axon's command handling. Each command registers a new resource, which
 * applies exactly one event: command bus, aggregate, event store append and commit, with no HTTP in front.
 */
final class CommandThroughput {

    private final CommandGateway commands;
    private final Duration window;
    private final AtomicLong failures = new AtomicLong();

    CommandThroughput(CommandGateway commands, Duration window) {
        this.commands = commands;
        this.window = window;
    }

    double eventsPerSecond(int threads) throws Exception {
        return JdbcBaseline.perSecond(threads, window, end -> {
            long done = 0;
            while (System.nanoTime() < end) {
                try {
                    commands.sendAndWait(new RegisterResourceCommand(ResourceId.random(), "bench", 10, new Money(1250, "EUR")));
                    done++;
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
            return done;
        });
    }

    long failures() {
        return failures.get();
    }
}
