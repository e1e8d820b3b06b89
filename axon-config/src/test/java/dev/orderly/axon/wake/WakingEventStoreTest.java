package dev.orderly.axon.wake;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producer's own fetch is set an hour apart, so whatever a stream sees here it saw because it was woken; each
 * callback records whether its stream could read at the moment it ran, which is what a pooled coordinator asks next.
 */
class WakingEventStoreTest {

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final WakingEventStore store = WakingEventStore.create(storage, EmbeddedEventStore.builder(),
            Duration.ofHours(1));
    private final List<Boolean> readableWhenCalled = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void a_stream_offers_the_availability_callback() {
        try (TrackingEventStream stream = store.openStream(null)) {
            assertThat(stream.setOnAvailableCallback(() -> { })).isTrue();
        }
    }

    @Test
    void a_commit_calls_back_a_caught_up_stream_once_its_event_can_be_read() {
        assertCalledBackWhenReadable(() -> store.publish(GenericEventMessage.asEventMessage("second")));
    }

    @Test
    void looking_for_events_calls_back_for_what_another_writer_appended() {
        assertCalledBackWhenReadable(() -> {
            storage.appendEvents(GenericEventMessage.asEventMessage("appended by another node"));
            store.lookForEvents();
        });
    }

    @Test
    void a_closed_stream_is_not_called_back() {
        store.publish(GenericEventMessage.asEventMessage("first"));
        List<Boolean> closedCalls = new CopyOnWriteArrayList<>();
        TrackingEventStream closed = caughtUpStream(closedCalls);
        closed.close();
        TrackingEventStream open = caughtUpStream();

        store.publish(GenericEventMessage.asEventMessage("second"));

        await().until(() -> !readableWhenCalled.isEmpty());
        assertThat(closedCalls).isEmpty();
        open.close();
    }

    private void assertCalledBackWhenReadable(Runnable append) {
        store.publish(GenericEventMessage.asEventMessage("first"));
        try (TrackingEventStream stream = caughtUpStream()) {
            append.run();

            await().until(() -> !readableWhenCalled.isEmpty());
            assertThat(readableWhenCalled).containsOnly(true);
        }
    }

    private TrackingEventStream caughtUpStream() {
        return caughtUpStream(readableWhenCalled);
    }

    /** A stream that read everything there is, so that it now waits on the producer's cache, as at the head. */
    private TrackingEventStream caughtUpStream(List<Boolean> calls) {
        TrackingEventStream stream = store.openStream(null);
        try {
            while (stream.hasNextAvailable()) {
                stream.nextAvailable();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        stream.setOnAvailableCallback(() -> calls.add(stream.hasNextAvailable()));
        return stream;
    }
}
