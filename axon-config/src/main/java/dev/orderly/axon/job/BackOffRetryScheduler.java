package dev.orderly.axon.job;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;
import org.axonframework.common.AxonConfigurationException;

import java.util.List;

/**
 * Axon's command retries paced by the one {@link BackOff}: Axon's scheduler decides whether and on which executor a
 * command is tried again, the back-off how long it waits. Axon's own exponential scheduler computes the same
 * exact doubling with a formula of its own.
 */
public final class BackOffRetryScheduler extends AbstractRetryScheduler {

    private final BackOff backOff;

    private BackOffRetryScheduler(Builder builder) {
        super(builder);
        this.backOff = builder.backOff;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected long computeRetryInterval(CommandMessage commandMessage, RuntimeException lastFailure,
                                        List<Class<? extends Throwable>[]> failures) {
        return backOff.delay(failures.size()).toMillis();
    }

    /** Axon's builder, told the back-off. */
    public static final class Builder extends AbstractRetryScheduler.Builder<Builder> {

        private BackOff backOff;

        public Builder backOff(BackOff backOff) {
            this.backOff = backOff;
            return this;
        }

        public BackOffRetryScheduler build() {
            validate();
            if (backOff == null) {
                throw new AxonConfigurationException("a back-off is required");
            }
            return new BackOffRetryScheduler(this);
        }
    }
}
