package dev.sandbox.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sandbox.SandboxSettings;
import dev.sandbox.Simulator;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Json;
import dev.sandbox.http.Reply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sandbox.http.RequestFields.requiredText;

/**
 * The simulated card payment provider: its state (payments, refunds, ledger), its operations and its admin switches.
 * The HTTP API is {@link PaymentApiHandler} and a payment's body is read by {@link PaymentRequest}; tests can use
 * the public methods here directly.
 *
 * <p>Longer than the project's 300 lines on purpose: what is left is the provider's state and every operation that
 * reads or changes it, each under the one lock that makes a payment's change and its ledger entry one step. Split
 * further, a reader would have to check across files that nothing touches a payment or the ledger outside it.
 */
public final class PaymentSimulator implements Simulator {

    /** How many attempts per idempotency key the 500 and 503 cards fail before they succeed. */
    static final int FAILING_ATTEMPTS = 2;

    private final SandboxSettings settings;
    private final Clock clock;
    private final AtomicBoolean dedupeEnabled;
    private final AtomicBoolean outage = new AtomicBoolean(false);
    private final IdempotencyStore idempotency = new IdempotencyStore();
    private final CardVault vault = new CardVault();
    /** Attempts per scoped idempotency key, counted whether duplicate detection is on or off. */
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final List<Refund> refunds = new ArrayList<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();

    public PaymentSimulator(SandboxSettings settings) {
        this(settings, Clock.systemUTC());
    }

    PaymentSimulator(SandboxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.dedupeEnabled = new AtomicBoolean(settings.dedupeEnabled());
    }

    @Override
    public String name() {
        return "payment provider";
    }

    @Override
    public void mount(HttpServer server) {
        server.createContext("/v1", new PaymentApiHandler(this));
        server.createContext("/admin/dedupe", new SwitchHandler("/admin/dedupe", this::isDedupeEnabled,
                this::setDedupeEnabled));
        server.createContext("/admin/outage", new SwitchHandler("/admin/outage", this::isOutage, this::setOutage));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Admin operations

    /** Whether idempotency keys are honoured. When off, every request is treated as new. */
    public boolean isDedupeEnabled() {
        return dedupeEnabled.get();
    }

    public void setDedupeEnabled(boolean enabled) {
        dedupeEnabled.set(enabled);
    }

    /** Whether every {@code /v1} call answers 503. */
    public boolean isOutage() {
        return outage.get();
    }

    public void setOutage(boolean enabled) {
        outage.set(enabled);
    }

    /**
     * Forgets all payments, refunds, the ledger, stored idempotent answers and attempt counters, and puts the dedupe
     * switch back to its start value and the outage switch off. Card tokens stay valid.
     */
    @Override
    public void reset() {
        synchronized (lock) {
            payments.clear();
            refunds.clear();
            ledger.clear();
            idempotency.clear();
            attempts.clear();
        }
        dedupeEnabled.set(settings.dedupeEnabled());
        outage.set(false);
    }

    /** Every capture and refund ever accepted, in order. */
    public List<LedgerEntry> ledger() {
        synchronized (lock) {
            return List.copyOf(ledger);
        }
    }

    /** The ledger entries of one order reference, in order. */
    public List<LedgerEntry> ledger(String orderReference) {
        synchronized (lock) {
            return ledger.stream().filter(e -> e.orderReference().equals(orderReference)).toList();
        }
    }

    /** How many captures the ledger holds for the order reference (more than one means a double charge). */
    public long captureCount(String orderReference) {
        return ledger(orderReference).stream().filter(e -> e.type() == LedgerEntry.Type.CAPTURE).count();
    }

    public Optional<Payment> payment(String id) {
        synchronized (lock) {
            return Optional.ofNullable(payments.get(id));
        }
    }

    /** All payments, oldest first. */
    public List<Payment> payments() {
        synchronized (lock) {
            return List.copyOf(payments.values());
        }
    }

    /** The payments created with this {@code Idempotency-Key}, oldest first (more than one only with dedupe off). */
    public List<Payment> paymentsWithIdempotencyKey(String idempotencyKey) {
        synchronized (lock) {
            return payments.values().stream().filter(p -> p.idempotencyKey().equals(idempotencyKey)).toList();
        }
    }

    public List<Payment> paymentsForOrder(String orderReference) {
        synchronized (lock) {
            return payments.values().stream().filter(p -> p.orderReference().equals(orderReference)).toList();
        }
    }

    /** All refunds, oldest first. */
    public List<Refund> refunds() {
        synchronized (lock) {
            return List.copyOf(refunds);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Operations behind the HTTP API

    IdempotencyStore idempotency() {
        return idempotency;
    }

    /** A mutating call: its idempotency key, the key scoped by method and path, and its body. */
    record Call(String idempotencyKey, String scopedKey, byte[] body) {
    }

    /** {@code POST /v1/tokens}: a token for the card in the body; the number itself is never answered or logged. */
    Reply tokenise(byte[] body) {
        ObjectNode json = Json.readObject(body, false);
        return Reply.json(201, Map.of("token", vault.tokenise(requiredText(json, "card"))));
    }

    Outcome create(Call call) throws InterruptedException {
        PaymentRequest request = PaymentRequest.parse(call.body());
        String card = vault.card(request.token()).orElseThrow(() -> new BadRequestException("invalid_token",
                "no such token: tokenise the card with POST /v1/tokens"));

        MagicCard magic = MagicCard.of(card);
        int attempt = attempts.computeIfAbsent(call.scopedKey(), k -> new AtomicInteger()).incrementAndGet();
        switch (magic) {
            case INTERNAL_ERROR_TWICE -> {
                if (attempt <= FAILING_ATTEMPTS) {
                    return Outcome.notCommitted(Reply.error(500, "internal_error",
                            "Simulated internal error (attempt " + attempt + " of this idempotency key)"));
                }
            }
            case UNAVAILABLE_TWICE -> {
                if (attempt <= FAILING_ATTEMPTS) {
                    return Outcome.notCommitted(Reply.error(503, "service_unavailable",
                            "Simulated outage (attempt " + attempt + " of this idempotency key)")
                            .withHeader("Retry-After", "1"));
                }
            }
            case SLOW -> sleep(settings.slowCardDelay());
            default -> {
            }
        }

        Outcome outcome;
        synchronized (lock) {
            Instant now = now();
            String declineCode = switch (magic) {
                case DECLINED -> "card_declined";
                case INSUFFICIENT_FUNDS -> "insufficient_funds";
                default -> null;
            };
            PaymentStatus status = declineCode != null ? PaymentStatus.DECLINED
                    : request.capture() ? PaymentStatus.CAPTURED : PaymentStatus.AUTHORIZED;
            Payment payment = new Payment("pay_" + UUID.randomUUID(), call.idempotencyKey(), request.orderReference(),
                    request.amount(), request.currency(), status, declineCode,
                    status == PaymentStatus.CAPTURED ? request.amount() : 0, 0, now, now);
            payments.put(payment.id(), payment);
            if (status == PaymentStatus.CAPTURED) {
                recordCapture(payment, call.idempotencyKey(), now);
            }
            outcome = Outcome.committed(Reply.json(declineCode != null ? 402 : 201, payment));
        }
        if (magic == MagicCard.TIMEOUT_AFTER_COMMIT) {
            return outcome.answeredAfter(settings.slowAnswerDelay());
        }
        if (magic == MagicCard.CONNECTION_RESET_AFTER_COMMIT && attempt == 1) {
            return outcome.withDroppedConnection();
        }
        return outcome;
    }

    Outcome capture(Call call, String paymentId) {
        Json.readObject(call.body(), true);
        synchronized (lock) {
            Payment payment = payments.get(paymentId);
            if (payment == null) {
                return Outcome.notCommitted(unknownPayment(paymentId));
            }
            if (payment.status() != PaymentStatus.AUTHORIZED) {
                return Outcome.notCommitted(invalidState(payment, "Only an authorized payment can be captured"));
            }
            Instant now = now();
            Payment captured = payment.captured(now);
            payments.put(paymentId, captured);
            recordCapture(captured, call.idempotencyKey(), now);
            return Outcome.committed(Reply.json(200, captured));
        }
    }

    Outcome cancel(Call call, String paymentId) {
        Json.readObject(call.body(), true);
        synchronized (lock) {
            Payment payment = payments.get(paymentId);
            if (payment == null) {
                return Outcome.notCommitted(unknownPayment(paymentId));
            }
            return switch (payment.status()) {
                case AUTHORIZED -> {
                    Payment canceled = payment.canceled(now());
                    payments.put(paymentId, canceled);
                    yield Outcome.committed(Reply.json(200, canceled));
                }
                case CANCELED -> Outcome.committed(Reply.json(200, payment));
                case CAPTURED -> Outcome.notCommitted(Reply.error(409, "already_captured",
                        "The payment was captured; refund it instead", "payment", payment));
                case DECLINED -> Outcome.notCommitted(invalidState(payment, "A declined payment cannot be canceled"));
            };
        }
    }

    Outcome refund(Call call, String paymentId) {
        ObjectNode json = Json.readObject(call.body(), false);
        long amount = PaymentRequest.positiveAmount(json);
        synchronized (lock) {
            Payment payment = payments.get(paymentId);
            if (payment == null) {
                return Outcome.notCommitted(unknownPayment(paymentId));
            }
            if (payment.status() != PaymentStatus.CAPTURED) {
                return Outcome.notCommitted(invalidState(payment, "Only a captured payment can be refunded"));
            }
            if (amount > payment.refundableAmount()) {
                return Outcome.notCommitted(Reply.error(400, "amount_too_large",
                        "The refund of " + amount + " exceeds the refundable " + payment.refundableAmount(),
                        "payment", payment));
            }
            Instant now = now();
            Refund refund = new Refund("re_" + UUID.randomUUID(), paymentId, amount, "succeeded", now);
            refunds.add(refund);
            payments.put(paymentId, payment.refunded(amount, now));
            ledger.add(new LedgerEntry(LedgerEntry.Type.REFUND, paymentId, payment.orderReference(),
                    call.idempotencyKey(), amount, payment.currency(), now));
            return Outcome.committed(Reply.json(201, refund));
        }
    }

    private void recordCapture(Payment payment, String idempotencyKey, Instant now) {
        ledger.add(new LedgerEntry(LedgerEntry.Type.CAPTURE, payment.id(), payment.orderReference(), idempotencyKey,
                payment.capturedAmount(), payment.currency(), now));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
    }

    private static Reply unknownPayment(String paymentId) {
        return Reply.error(404, "not_found", "No payment " + paymentId);
    }

    private static Reply invalidState(Payment payment, String message) {
        return Reply.error(409, "invalid_state", message + " (status is " + payment.status().wireName() + ")",
                "payment", payment);
    }
}
