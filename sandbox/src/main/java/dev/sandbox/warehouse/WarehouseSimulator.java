package dev.sandbox.warehouse;

import com.sun.net.httpserver.HttpServer;
import dev.sandbox.SandboxSettings;
import dev.sandbox.Simulator;
import dev.sandbox.http.BadRequestException;
import dev.sandbox.http.Json;
import dev.sandbox.http.Reply;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The simulated warehouse: its picklists, shipments and notice deliveries, its operations and its admin switches.
 * The HTTP API is {@link WarehouseApiHandler} ({@code /warehouse}) and {@link WarehouseAdminHandler}
 * ({@code /admin/warehouse}), and a picklist's body is read by {@link PicklistRequest}; tests can use the public
 * methods here directly.
 *
 * <p>Every accepted picklist ships after the ship delay (unless the warehouse is on hold), and then its shipment
 * notice is posted, signed, to the picklist's callback URL until the receiver answers 2xx.
 *
 * <p>Longer than the project's 300 lines on purpose: what is left is the warehouse's state and every operation that
 * reads or changes it, under one lock and one reset generation that the shipping timers and deliveries check. Split
 * further, a reader would have to check across files that every timer and delivery started before a reset does
 * nothing after it.
 */
public final class WarehouseSimulator implements Simulator {

    public static final String CARRIER = "SandboxPost";
    private static final System.Logger LOG = System.getLogger(WarehouseSimulator.class.getName());

    private final SandboxSettings settings;
    private final Clock clock;
    private final BooleanSupplier dedupeEnabled;
    private final PicklistIdempotency idempotency = new PicklistIdempotency();
    private final ScheduledExecutorService scheduler;
    private final ShipmentNotifier notifier;

    private final Object lock = new Object();
    /** Bumped by every reset, so that timers and deliveries started before it do nothing after it. */
    private long generation;
    private boolean hold;
    private Duration shipDelay;
    private final Map<String, Picklist> picklists = new LinkedHashMap<>();
    private final List<Shipment> shipments = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    /**
     * @param settings      the ship delay and the webhook secret
     * @param dedupeEnabled the sandbox's duplicate detection switch (shared with the payment provider)
     */
    public WarehouseSimulator(SandboxSettings settings, BooleanSupplier dedupeEnabled) {
        this(settings, dedupeEnabled, Clock.systemUTC());
    }

    WarehouseSimulator(SandboxSettings settings, BooleanSupplier dedupeEnabled, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.dedupeEnabled = dedupeEnabled;
        this.shipDelay = settings.shipDelay();
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-warehouse-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.notifier = new ShipmentNotifier(settings.webhookSecret(), clock, scheduler);
    }

    @Override
    public String name() {
        return "warehouse";
    }

    @Override
    public void mount(HttpServer server) {
        server.createContext("/warehouse", new WarehouseApiHandler(this));
        server.createContext("/admin/warehouse", new WarehouseAdminHandler(this));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Admin operations

    /** Whether picklists are held instead of shipped. */
    public boolean isHold() {
        synchronized (lock) {
            return hold;
        }
    }

    /**
     * Switches the hold on or off. While on, newly accepted picklists (and accepted ones whose ship delay ends) are
     * {@code held}; switching it off makes every held picklist {@code accepted} again, to ship after the ship delay.
     */
    public void setHold(boolean enabled) {
        synchronized (lock) {
            hold = enabled;
            if (enabled) {
                return;
            }
            for (Picklist picklist : List.copyOf(picklists.values())) {
                if (picklist.status() == PicklistStatus.HELD) {
                    picklists.put(picklist.picklistId(), picklist.withStatus(PicklistStatus.ACCEPTED));
                    scheduleShipping(picklist.picklistId());
                }
            }
        }
    }

    /** How long an accepted picklist waits before it ships. */
    public Duration shipDelay() {
        synchronized (lock) {
            return shipDelay;
        }
    }

    /** Changes the ship delay for picklists accepted (or released from hold) from now on. */
    public void setShipDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("The ship delay must not be negative: " + delay);
        }
        synchronized (lock) {
            shipDelay = delay;
        }
    }

    /**
     * Posts the last shipment notice of the order again: same shipment id, same body, a fresh timestamp and
     * signature, retried like the first delivery.
     *
     * @return the shipment whose notice goes out again, or empty when the order has not shipped
     */
    public Optional<Shipment> redeliver(String orderReference) {
        Shipment shipment;
        long started;
        synchronized (lock) {
            shipment = lastShipment(orderReference).orElse(null);
            started = generation;
        }
        if (shipment != null) {
            notifier.deliver(shipment, true, delivery -> record(delivery, started));
        }
        return Optional.ofNullable(shipment);
    }

    /**
     * Forgets every picklist, shipment, delivery and stored idempotent answer, stops pending shipping and retries,
     * switches the hold off and puts the ship delay back to its start value.
     */
    @Override
    public void reset() {
        synchronized (lock) {
            generation++;
            picklists.clear();
            shipments.clear();
            deliveries.clear();
            idempotency.clear();
            hold = false;
            shipDelay = settings.shipDelay();
        }
    }

    /** All picklists ever accepted, oldest first (with dedupe off, duplicates too). */
    public List<Picklist> picklists() {
        synchronized (lock) {
            return List.copyOf(picklists.values());
        }
    }

    /** The picklists of one order reference, oldest first. */
    public List<Picklist> picklists(String orderReference) {
        synchronized (lock) {
            return picklists.values().stream().filter(p -> p.orderReference().equals(orderReference)).toList();
        }
    }

    public Optional<Picklist> picklist(String picklistId) {
        synchronized (lock) {
            return Optional.ofNullable(picklists.get(picklistId));
        }
    }

    /** Every shipment, oldest first. */
    public List<Shipment> shipments() {
        synchronized (lock) {
            return List.copyOf(shipments);
        }
    }

    /** The shipments of one order reference, oldest first. */
    public List<Shipment> shipments(String orderReference) {
        synchronized (lock) {
            return shipments.stream().filter(s -> s.orderReference().equals(orderReference)).toList();
        }
    }

    /** The latest shipment of the order, the one {@link #redeliver(String)} would send again. */
    public Optional<Shipment> lastShipment(String orderReference) {
        synchronized (lock) {
            for (int i = shipments.size() - 1; i >= 0; i--) {
                if (shipments.get(i).orderReference().equals(orderReference)) {
                    return Optional.of(shipments.get(i));
                }
            }
            return Optional.empty();
        }
    }

    /** Every attempt to post a shipment notice, in the order they finished. */
    public List<Delivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    /** The delivery attempts of one order reference, in the order they finished. */
    public List<Delivery> deliveries(String orderReference) {
        synchronized (lock) {
            return deliveries.stream().filter(d -> d.orderReference().equals(orderReference)).toList();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        notifier.close();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Operations behind the HTTP API

    boolean isDedupeEnabled() {
        return dedupeEnabled.getAsBoolean();
    }

    PicklistIdempotency idempotency() {
        return idempotency;
    }

    /**
     * Validates and stores a picklist, and schedules its shipping (or holds it).
     *
     * @return 202 with the picklist's id
     * @throws BadRequestException when the body is not a valid picklist; nothing is stored then
     */
    Reply accept(String idempotencyKey, byte[] body) {
        PicklistRequest request = PicklistRequest.parse(body);
        synchronized (lock) {
            Picklist picklist = new Picklist("pck_" + UUID.randomUUID(), idempotencyKey, request.orderReference(),
                    request.lines(), request.shipTo(), request.callbackUrl(), now(),
                    hold ? PicklistStatus.HELD : PicklistStatus.ACCEPTED, null);
            picklists.put(picklist.picklistId(), picklist);
            if (!hold) {
                scheduleShipping(picklist.picklistId());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("picklistId", picklist.picklistId());
            answer.put("orderReference", request.orderReference());
            answer.put("status", PicklistStatus.ACCEPTED.wireName());
            answer.put("receivedAt", picklist.receivedAt());
            return Reply.json(202, answer);
        }
    }

    /** Called with the lock held. */
    private void scheduleShipping(String picklistId) {
        long scheduledIn = generation;
        try {
            scheduler.schedule(() -> ship(picklistId, scheduledIn), shipDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, "Warehouse closed; picklist {0} will not ship", picklistId);
        }
    }

    private void ship(String picklistId, long scheduledIn) {
        Shipment shipment;
        synchronized (lock) {
            Picklist picklist = picklists.get(picklistId);
            if (scheduledIn != generation || picklist == null || picklist.status() != PicklistStatus.ACCEPTED) {
                return;
            }
            if (hold) {
                picklists.put(picklistId, picklist.withStatus(PicklistStatus.HELD));
                return;
            }
            Instant shippedAt = now();
            String shipmentId = "shp_" + UUID.randomUUID();
            String trackingNumber = "SP" + String.format(Locale.ROOT, "%012d",
                    ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("shipmentId", shipmentId);
            notice.put("picklistId", picklistId);
            notice.put("orderReference", picklist.orderReference());
            notice.put("carrier", CARRIER);
            notice.put("trackingNumber", trackingNumber);
            notice.put("shippedAt", shippedAt);
            shipment = new Shipment(shipmentId, picklistId, picklist.orderReference(), CARRIER, trackingNumber,
                    shippedAt, picklist.callbackUrl(), new String(Json.write(notice), StandardCharsets.UTF_8));
            shipments.add(shipment);
            picklists.put(picklistId, picklist.shipped(shipmentId));
        }
        notifier.deliver(shipment, false, delivery -> record(delivery, scheduledIn));
    }

    /** Records a finished delivery attempt; {@code false} when the warehouse was reset since the delivery began. */
    private boolean record(Delivery delivery, long startedIn) {
        synchronized (lock) {
            if (startedIn != generation) {
                return false;
            }
            deliveries.add(delivery);
            return true;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
