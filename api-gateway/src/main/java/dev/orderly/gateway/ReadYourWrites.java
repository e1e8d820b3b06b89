package dev.orderly.gateway;

import dev.orderly.axon.EventPositions;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Read-your-writes on request. A command answers with {@code Consistency-Token}, the global position of what it
 * wrote (an asynchronous one when it was decided within a short wait); a query that sends it back as
 * {@code Consistent-With} waits, boundedly, until the projection it reads has handled that position. If the wait runs
 * out it answers anyway, with the data as it is and {@code Consistency: stale}: never an error. A wait holds no thread
 * ({@link ProjectionWaits}), comes after the caller's right to read was checked, and is not even begun for a token
 * beyond the event store's head, so that made-up tokens cannot pin the server.
 */
@Component
@EnableConfigurationProperties(ReadYourWrites.Properties.class)
public class ReadYourWrites {

    public static final String TOKEN = "Consistency-Token";
    public static final String CONSISTENT_WITH = "Consistent-With";
    public static final String CONSISTENCY = "Consistency";

    /**
     * @param maxWait    how long a query with {@code Consistent-With} waits for its projection at most
     * @param poll       how often it looks while waiting
     * @param acceptWait how long an asynchronous command's {@code 202} waits for the command side's decision, so
     *                   that it can carry a token; {@code 0s} answers at once, without one
     * @param maxDecisionWait the longest {@code Prefer: wait=N} honoured by a read of something still pending
     */
    @ConfigurationProperties("orderly.consistency")
    public record Properties(@DefaultValue("2s") Duration maxWait, @DefaultValue("20ms") Duration poll,
                             @DefaultValue("500ms") Duration acceptWait,
                             @DefaultValue("10s") Duration maxDecisionWait) {
    }

    private final EventPositions positions;
    private final Properties properties;
    private final CommandOutbox outbox;
    private final ProjectionWaits waits;
    private final AtomicLong head = new AtomicLong(-1);

    ReadYourWrites(EventPositions positions, Properties properties, CommandOutbox outbox, ProjectionWaits waits) {
        this.positions = positions;
        this.properties = properties;
        this.outbox = outbox;
        this.waits = waits;
    }

    /** The longest wait for a decision a client may ask for with {@code Prefer: wait=N}. */
    public Duration maxDecisionWait() {
        return properties.maxDecisionWait();
    }

    /** Whether a query that asked to see a write saw it: the projection caught up in time, or the wait ran out. */
    public enum Consistency { CONSISTENT, STALE }

    /** Answers with {@code written}'s value, adding its token, if it has one, as a header. */
    public <T> T answer(Written<T> written, HttpServletResponse response) {
        setToken(Optional.ofNullable(written.consistencyToken()), response);
        return written.value();
    }

    /**
     * The token of an asynchronous command's write, if the command side decided it within {@code accept-wait}. A
     * command still pending has none; its status resource shows {@code PENDING} meanwhile, never a {@code 404}.
     */
    public Optional<Long> acceptedToken(String commandId) {
        return outbox.awaitDecision(commandId, properties.acceptWait())
                .filter(accepted -> AcceptedCommand.DISPATCHED.equals(accepted.status()))
                .flatMap(accepted -> token(accepted.aggregateId()));
    }

    /** The token of the aggregate's latest write. */
    public Optional<Long> token(String aggregateId) {
        OptionalLong position = positions.latestOf(aggregateId);
        return position.isPresent() ? Optional.of(position.getAsLong()) : Optional.empty();
    }

    /**
     * Answers {@code read}, once {@code processor} has handled the client's write if the client sent its token
     * ({@code consistentWith}), with {@code Consistency} saying whether it had. {@code check} runs first, on the
     * request's thread, and throws for what the caller may not see or what does not exist: such a read is refused at
     * once, never after a wait. The wait holds no thread; the read after it runs for the same caller.
     */
    public <T> CompletableFuture<T> read(String processor, Long consistentWith, HttpServletResponse response,
                                         Runnable check, Supplier<T> read) {
        return readAsync(processor, consistentWith, response, check,
                () -> CompletableFuture.completedFuture(read.get()));
    }

    /** {@link #read} for a read that is itself asynchronous, such as a long poll. */
    public <T> CompletableFuture<T> readAsync(String processor, Long consistentWith, HttpServletResponse response,
                                              Runnable check, Supplier<? extends CompletionStage<T>> read) {
        if (consistentWith == null) {
            return read.get().toCompletableFuture();
        }
        check.run();
        CompletableFuture<Consistency> waited = awaitProcessed(processor, consistentWith, deadline());
        Function<Consistency, CompletionStage<T>> answer = consistency -> {
            response.setHeader(CONSISTENCY, consistency.name().toLowerCase(Locale.ROOT));
            return read.get();
        };
        return waited.isDone() ? answer.apply(waited.join()).toCompletableFuture()
                : waited.thenComposeAsync(answer, forCaller());
    }

    /** The deadline of a wait that starts now. A request that reads several views waits until one deadline in all. */
    public Instant deadline() {
        return Instant.now().plus(properties.maxWait());
    }

    /**
     * Completes once {@code processor} has handled {@code consistentWith}, or at the deadline; never fails: a wait that
     * runs out answers {@link Consistency#STALE}. A position beyond the event store's head names a write that has not
     * happened, so it is answered {@code STALE} at once: waiting could not help.
     */
    public CompletableFuture<Consistency> awaitProcessed(String processor, long consistentWith, Instant deadline) {
        if (beyondHead(consistentWith)) {
            return CompletableFuture.completedFuture(Consistency.STALE);
        }
        return waits.until(processor, consistentWith, deadline)
                .thenApply(reached -> reached ? Consistency.CONSISTENT : Consistency.STALE);
    }

    /**
     * Runs tasks as the current request's caller (its security context and correlation id), on the threads that serve
     * waits: for the read that follows a wait.
     */
    public Executor forCaller() {
        SecurityContext caller = SecurityContextHolder.getContext();
        Map<String, String> logging = MDC.getCopyOfContextMap();
        Executor threads = waits.executor();
        return task -> threads.execute(new DelegatingSecurityContextRunnable(() -> {
            if (logging != null) {
                MDC.setContextMap(logging);
            }
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        }, caller));
    }

    /**
     * Whether a position is beyond the store's head. The head only grows, so it is cached and read again only for a
     * position beyond the cached one: a token from a real write costs no query, a made-up one costs one.
     */
    private boolean beyondHead(long position) {
        if (position <= head.get()) {
            return false;
        }
        return position > head.accumulateAndGet(positions.head(), Math::max);
    }

    private static void setToken(Optional<Long> token, HttpServletResponse response) {
        token.ifPresent(position -> response.setHeader(TOKEN, Long.toString(position)));
    }
}
