package dev.orderly.gateway.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.CorrelationLogging;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.axon.job.BackOff;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Refusal;
import dev.orderly.gateway.AggregateLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts asynchronous commands: it stores each one before the API answers {@code 202}, then sends it to the command
 * side. A command whose dispatch is lost to a crash or restart is sent again by the sweep on any node, so every
 * accepted command is either decided or visibly pending. Commands carry their own ids and the command side ignores a
 * repeat, which makes sending twice harmless.
 */
@Component
public class CommandOutbox {

    private static final Logger log = LoggerFactory.getLogger(CommandOutbox.class);

    private final AcceptedCommands commands;
    private final AggregateLookup aggregates;
    private final CommandGateway commandGateway;
    private final TransactionTemplate transactions;
    private final CommandOutboxProperties properties;
    private final ObjectMapper json = OrderlySerialization.objectMapper();
    private final ExecutorService dispatchers;
    /** Exact: the sweep's tick already spreads the retries of commands that failed together. */
    private final BackOff retryBackOff;
    /** Dispatches this node started and has not finished, so that a request can wait briefly for its decision. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Counter unknownTypes;

    CommandOutbox(AcceptedCommands commands, AggregateLookup aggregates, CommandGateway commandGateway,
                  TransactionTemplate transactions, CommandOutboxProperties properties, MeterRegistry registry) {
        this.commands = commands;
        this.aggregates = aggregates;
        this.commandGateway = commandGateway;
        this.transactions = transactions;
        this.properties = properties;
        this.retryBackOff = BackOff.exact(properties.retryInitialBackoff(), properties.retryMaxBackoff());
        this.unknownTypes = Counter.builder("orderly.commands.unknown-type").register(registry);
        AtomicInteger threads = new AtomicInteger();
        this.dispatchers = Executors.newFixedThreadPool(properties.dispatchThreads(), runnable -> {
            Thread thread = new Thread(runnable, "command-dispatch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Stores {@code command} under {@code commandId} and sends it once the row is committed. A repeat of the same
     * request finds the stored command and changes nothing.
     *
     * @return the stored command (a repeat's may differ), whether this request stored it, whether it asked the same
     */
    public Acceptance accept(String commandId, Object command, String aggregateId) {
        return accept(commandId, command, aggregateId, command);
    }

    /**
     * Like {@link #accept(String, Object, String)}, for a command that carries values of the moment (a deadline)
     * besides the client's request: whether a repeat is the same request is decided on {@code request} alone.
     */
    public Acceptance accept(String commandId, Object command, String aggregateId, Object request) {
        String type = AcceptedCommandTypes.nameOf(command);
        String payload = write(command);
        String hash = sha256(write(request));
        return transactions.execute(status -> {
            boolean stored = commands.insert(commandId, type, aggregateId, payload, hash,
                    properties.lease(), MDC.get(CorrelationLogging.MDC_KEY));
            AcceptedCommand accepted = commands.find(commandId).orElseThrow();
            if (stored) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        inFlight.put(commandId, new CompletableFuture<>());
                        dispatchers.execute(() -> dispatch(accepted));
                    }
                });
            }
            return new Acceptance(accepted, stored, accepted.requestHash().equals(hash));
        });
    }

    /**
     * Waits at most {@code maxWait} for the command side to decide a command this node is sending, and returns the
     * stored command as it then stands. The {@code 202} that follows can then carry a consistency token when the
     * decision came in time; when it did not, nothing is lost: the command stays {@code PENDING} and goes on.
     */
    public Optional<AcceptedCommand> awaitDecision(String commandId, Duration maxWait) {
        CompletableFuture<Void> decision = inFlight.get(commandId);
        if (decision != null && !maxWait.isZero()) {
            try {
                decision.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.debug("Command {} not decided within {}; answering while it is pending", commandId, maxWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return commands.find(commandId);
    }

    public Optional<AcceptedCommand> find(String commandId) {
        return commands.find(commandId);
    }

    public <T> T payload(AcceptedCommand accepted, Class<T> type) {
        try {
            return json.readValue(accepted.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored command " + accepted.commandId() + " cannot be read", e);
        }
    }

    @Scheduled(fixedDelayString = "${orderly.commands.outbox.sweep-interval:1s}")
    void sweep() {
        var due = transactions.execute(status -> commands.claimDue(properties.sweepBatch(), properties.lease()));
        if (due != null && !due.isEmpty()) {
            log.info("Re-dispatching {} accepted command(s) whose earlier dispatch did not complete", due.size());
            due.forEach(this::dispatch);
        }
    }

    private void dispatch(AcceptedCommand accepted) {
        // The command carries the id of the request it came from, whichever thread or node sends it.
        if (accepted.correlationId() != null) {
            MDC.put(CorrelationLogging.MDC_KEY, accepted.correlationId());
        }
        try {
            send(accepted);
        } finally {
            MDC.remove(CorrelationLogging.MDC_KEY);
        }
    }

    private void send(AcceptedCommand accepted) {
        Optional<Class<?>> type = AcceptedCommandTypes.typeOf(accepted.commandType());
        if (type.isEmpty()) {
            log.warn("Command {} ({}) unknown here: left to newer nodes", accepted.commandId(), accepted.commandType());
            unknownTypes.increment();
            commands.leaveToAnotherNode(accepted.commandId(), properties.lease());
            return;
        }
        Object command;
        try {
            command = json.readValue(accepted.payload(), type.get());
        } catch (JsonProcessingException | RuntimeException e) {
            log.error("Accepted command {} cannot be read back; marking it failed", accepted.commandId(), e);
            commands.failed(accepted.commandId(), "unreadable-command", e.getMessage());
            return;
        }
        commandGateway.send(command).whenComplete((result, failure) -> {
            try {
                recordOutcome(accepted, failure);
            } finally {
                CompletableFuture<Void> decision = inFlight.remove(accepted.commandId());
                if (decision != null) {
                    decision.complete(null);
                }
            }
        });
    }

    private void recordOutcome(AcceptedCommand accepted, Throwable failure) {
        if (failure == null) {
            commands.dispatched(accepted.commandId());
            return;
        }
        if (streamAlreadyExists(failure)) {
            recordAlreadyCreated(accepted);
            return;
        }
        Optional<Refusal> refusal = refusal(failure);
        if (refusal.isPresent()) {
            log.info("Command {} was refused: {}", accepted.commandId(), refusal.get().detail());
            commands.failed(accepted.commandId(), refusal.get().code(), refusal.get().detail());
        } else if (accepted.attempts() >= properties.maxAttempts()) {
            log.error("Command {} failed {} times; giving up", accepted.commandId(), accepted.attempts(), failure);
            commands.failed(accepted.commandId(), "gave-up", "could not be processed after "
                    + accepted.attempts() + " attempts: " + failure.getMessage());
        } else {
            Duration delay = retryBackOff.delay(accepted.attempts());
            log.warn("Dispatch of command {} failed (attempt {}), retrying in {}: {}", accepted.commandId(),
                    accepted.attempts(), delay, failure.toString());
            commands.retryAfter(accepted.commandId(), delay);
        }
    }

    private static Optional<Refusal> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandRefusedException refused) {
                return Optional.of(refused.refusal());
            }
            if (cause instanceof CommandExecutionException execution
                    && execution.getDetails().orElse(null) instanceof Refusal refusal) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    /**
     * A creation command sent again after a lost acknowledgement finds its aggregate already there: the first send
     * succeeded. Only an aggregate of the type this command creates counts: intake refuses an id that any aggregate
     * has, and one that appears between intake and dispatch (another aggregate's) is a conflict, never a success.
     * Of the same type, the aggregate is this request's own, since the outbox holds one command per id.
     */
    private void recordAlreadyCreated(AcceptedCommand accepted) {
        String expected = createdType(accepted.commandType());
        Optional<String> existing = aggregates.typeOf(accepted.aggregateId());
        if (existing.isPresent() && existing.get().equals(expected)) {
            commands.dispatched(accepted.commandId());
        } else {
            log.warn("Command {} would create {} {}, but that id is taken by a {}", accepted.commandId(), expected,
                    accepted.aggregateId(), existing.orElse("vanished aggregate"));
            commands.failed(accepted.commandId(), "aggregate-id-conflict", "id " + accepted.aggregateId()
                    + " is taken by another " + existing.orElse("aggregate") + "; nothing was created");
        }
    }

    /** The aggregate a creation command makes, by the contract package it lives in: {@code ...command.order.X}. */
    static String createdType(String commandType) {
        String packageName = commandType.substring(0, commandType.lastIndexOf('.'));
        String owner = packageName.substring(packageName.lastIndexOf('.') + 1);
        return Character.toUpperCase(owner.charAt(0)) + owner.substring(1);
    }

    private static boolean streamAlreadyExists(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    private String write(Object command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("command cannot be stored: " + command, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        dispatchers.shutdown();
    }

    /**
     * @param command  the command as stored
     * @param stored   true when this request stored it, false for a repeat
     * @param sameRequest false when the id was already used for a different request
     */
    public record Acceptance(AcceptedCommand command, boolean stored, boolean sameRequest) {
    }
}
