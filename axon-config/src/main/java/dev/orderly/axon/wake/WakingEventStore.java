package dev.orderly.axon.wake;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.annotation.Nonnull;

/**
 * Axon's embedded event store, with streams that tell a pooled processor when events are there to read, and a way
 * to have it look for events committed elsewhere.
 * <p>
 * Every stream of the embedded store that has caught up reads from one in-memory cache, which a single producer
 * thread fills from the database: at once after a commit through this store, otherwise only after its fetch delay.
 * Axon's pooled coordinator sleeps when its stream has nothing, and wakes early only if the stream accepted an
 * availability callback, which the embedded store's streams refuse; so it looked again every 500 ms. Here each
 * stream accepts the callback, and the callbacks run after the producer has put new events into the cache, never
 * before: the coordinator they wake finds the events it was woken for (a stream that reads the database by itself,
 * because it is behind the cache, sees them anyway once committed). Tracking processors wait on the cache and were
 * always woken by the producer.
 * <p>
 * {@link #lookForEvents()} wakes the producer for events that another node committed; {@link #onLocalCommit} lets
 * this node tell the others.
 */
public class WakingEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(WakingEventStore.class);

    private final Set<Runnable> callbacks;
    private volatile Runnable localCommitListener = () -> { };

    private WakingEventStore(Builder builder, Set<Runnable> callbacks) {
        super(builder);
        this.callbacks = callbacks;
    }

    /**
     * @param settings   Axon's builder with the rest of the store's settings (monitor, spans); its storage engine
     *                   and fetch delay are set here
     * @param fetchDelay how long the producer waits, when nothing woke it, before it looks for events in the
     *                   database anyway: the bound on how late an append is seen when no notification arrives
     */
    public static WakingEventStore create(EventStorageEngine storageEngine, Builder settings,
                                          Duration fetchDelay) {
        Set<Runnable> callbacks = new CopyOnWriteArraySet<>();
        settings.storageEngine(new SignallingStorageEngine(storageEngine,
                        () -> callbacks.forEach(WakingEventStore::call)))
                .fetchDelay(fetchDelay.toMillis());
        return new WakingEventStore(settings, callbacks);
    }

    /**
     * Runs on the producer's thread, inside its read: a callback that throws (its processor's executor already shut
     * down) must not cut the read short for everyone else.
     */
    private static void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.debug("An availability callback failed: {}", e.toString());
        }
    }

    /** Has the producer look in the database now, for events committed by another node or by hand. */
    public void lookForEvents() {
        super.afterCommit(List.of());
    }

    /** Called after every commit that appended events through this store, on the committing thread. */
    public void onLocalCommit(Runnable listener) {
        this.localCommitListener = listener;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        localCommitListener.run();
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new CallbackStream(super.openStream(trackingToken));
    }

    /** A stream of the embedded store that accepts Axon's availability callback. */
    private final class CallbackStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private volatile Runnable callback;

        private CallbackStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                callbacks.remove(registered);
            }
            delegate.close();
        }
    }

    /**
     * The storage engine as the store sees it, reporting when the producer has cached new events. The embedded
     * store's producer is the only reader that asks for a tracked stream that may block ({@code mayBlock}); the
     * streams of processors behind the cache ask for one that may not. The producer appends each event to the cache
     * (and signals the consumers waiting on it) inside the stream's element action, so once that action returned, the
     * event is there for every stream to read.
     */
    private record SignallingStorageEngine(EventStorageEngine delegate, Runnable cached)
            implements EventStorageEngine {

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            Stream<? extends TrackedEventMessage<?>> events = delegate.readEvents(trackingToken, mayBlock);
            if (!mayBlock) {
                return events;
            }
            return StreamSupport.stream(new SignallingSpliterator<>(events.spliterator(), cached), false)
                    .onClose(events::close);
        }

        @Override
        public void appendEvents(@Nonnull List<? extends EventMessage<?>> events) {
            delegate.appendEvents(events);
        }

        @Override
        public void storeSnapshot(@Nonnull DomainEventMessage<?> snapshot) {
            delegate.storeSnapshot(snapshot);
        }

        @Override
        public DomainEventStream readEvents(@Nonnull String aggregateIdentifier) {
            return delegate.readEvents(aggregateIdentifier);
        }

        @Override
        public DomainEventStream readEvents(@Nonnull String aggregateIdentifier, long firstSequenceNumber) {
            return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(@Nonnull String aggregateIdentifier) {
            return delegate.readSnapshot(aggregateIdentifier);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(@Nonnull String aggregateIdentifier) {
            return delegate.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return delegate.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return delegate.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(@Nonnull Instant dateTime) {
            return delegate.createTokenAt(dateTime);
        }
    }

    /**
     * Reports after the first event of a fetch (so a sleeping processor starts on it while the rest is read) and,
     * if there were more, after the last (so one that drained the cache meanwhile and slept again is woken for the
     * remainder).
     */
    private static final class SignallingSpliterator<T> extends Spliterators.AbstractSpliterator<T> {

        private final Spliterator<T> delegate;
        private final Runnable cached;
        private long delivered;

        @SuppressWarnings("unchecked")
        private SignallingSpliterator(Spliterator<? extends T> delegate, Runnable cached) {
            super(Long.MAX_VALUE, ORDERED | NONNULL);
            this.delegate = (Spliterator<T>) delegate;
            this.cached = cached;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            boolean advanced = delegate.tryAdvance(action);
            if (advanced ? delivered++ == 0 : delivered > 1) {
                cached.run();
            }
            if (!advanced) {
                delivered = 0;
            }
            return advanced;
        }
    }
}
