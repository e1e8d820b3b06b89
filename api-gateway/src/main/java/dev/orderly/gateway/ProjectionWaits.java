package dev.orderly.gateway;

import dev.orderly.axon.EventPositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * The waits of {@code Consistent-With} reads, without a thread each: a waiting read is a future, and one ticker
 * reads each awaited processor's progress once per {@code poll} for all of its waiters, completing those it has
 * reached and those whose deadline passed. A thousand waiting reads cost the same database reads as one.
 */
@Component
class ProjectionWaits implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionWaits.class);

    private record Waiter(long position, Instant deadline, CompletableFuture<Boolean> reached) {
    }

    private final EventPositions positions;
    private final Map<String, Queue<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService threads;

    ProjectionWaits(EventPositions positions, ReadYourWrites.Properties properties) {
        this.positions = positions;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "projection-waits-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long poll = properties.poll().toNanos();
        threads.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.NANOSECONDS);
    }

    /**
     * Completes with {@code true} once {@code processor} has handled {@code position}, or with {@code false} at the
     * deadline. An answer known already is given at once.
     */
    CompletableFuture<Boolean> until(String processor, long position, Instant deadline) {
        if (positions.processed(processor, position)) {
            return CompletableFuture.completedFuture(true);
        }
        Waiter waiter = new Waiter(position, deadline, new CompletableFuture<>());
        waiting.computeIfAbsent(processor, name -> new ConcurrentLinkedQueue<>()).add(waiter);
        return waiter.reached();
    }

    /** Where the reads that follow a wait run: a couple of threads of their own, never a request thread. */
    Executor executor() {
        return threads;
    }

    private void tick() {
        try {
            waiting.forEach(this::tick);
        } catch (RuntimeException e) {
            // a tick that threw would cancel the schedule, and with it every wait
            log.warn("Checking the waiting reads failed; checking again at the next tick", e);
        }
    }

    private void tick(String processor, Queue<Waiter> waiters) {
        if (waiters.isEmpty()) {
            return;
        }
        LongPredicate handled;
        try {
            handled = positions.progressOf(processor);
        } catch (RuntimeException e) {
            log.debug("Could not read the progress of {}: {}", processor, e.toString());
            handled = position -> false; // the deadlines still pass: an unreadable database answers stale
        }
        Instant now = Instant.now();
        for (Waiter waiter : waiters) {
            if (handled.test(waiter.position())) {
                waiter.reached().complete(true);
            } else if (!now.isBefore(waiter.deadline())) {
                waiter.reached().complete(false);
            }
            if (waiter.reached().isDone()) {
                waiters.remove(waiter);
            }
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
        waiting.values().forEach(waiters -> waiters.forEach(waiter -> waiter.reached().complete(false)));
    }
}
