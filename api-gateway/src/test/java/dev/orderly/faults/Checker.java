package dev.orderly.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.TestApi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the thirteen invariants once the faults have stopped and the system is quiet, from the event store (the
 * truth), the read models, the scheduler's and Axon's tables, and the sandbox's ledgers of what really happened
 * outside: captures and refunds, picklists, e-mails. It never loosens a rule to pass; a violation is a finding.
 */
public final class Checker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("SHIPPED", "CANCELLED", "REJECTED");
    private static final Map<String, String> ORDER_STATUS = Map.of(
            "OrderPlacedEvent", "PENDING_RESERVATION", "OrderReservedEvent", "PENDING_PAYMENT",
            "OrderConfirmedEvent", "CONFIRMED", "OrderPickingStartedEvent", "PICKING",
            "OrderShippedEvent", "SHIPPED", "OrderCancellationRequestedEvent", "CANCEL_PENDING",
            "OrderCancelledEvent", "CANCELLED", "OrderRejectedEvent", "REJECTED");

    /**
     * What a scenario allows: dead letters it put there on purpose, how long orders may take to end, and whether it
     * takes the database away under load. A request whose database connection dies is answered {@code 503
     * unavailable} with {@code Retry-After}; only such a scenario excuses that answer to an attack, and even then the
     * attack must have left no trace.
     */
    public record Expect(Set<String> deadLetterGroups, Duration terminalBound, boolean databaseOutage) {
        public static Expect standard() {
            return new Expect(Set.of(), Duration.ofSeconds(120), false);
        }

        public Expect withDatabaseOutage() {
            return new Expect(deadLetterGroups, terminalBound, true);
        }
    }

    public record Result(String id, String invariant, boolean passed, List<String> violations) {
    }

    public record Report(String scenario, List<Result> results, History history, long quietAfterMillis) {

        public boolean passed() {
            return results.stream().allMatch(Result::passed);
        }

        public String failures() {
            return results.stream().filter(r -> !r.passed())
                    .map(r -> r.id() + " " + r.invariant() + ": " + String.join("; ", r.violations().stream()
                            .limit(5).toList())).collect(Collectors.joining("\n"));
        }

        public String summaryRow() {
            return "| " + scenario + " | " + results.stream().map(r -> r.id() + (r.passed() ? "" : "✗"))
                    .collect(Collectors.joining(" ")) + " | " + (passed() ? "ok" : "FAIL") + " | "
                    + history.ops().size() + " (ok " + history.count(History.Outcome.OK) + ", fail "
                    + history.count(History.Outcome.FAIL) + ", unknown " + history.count(History.Outcome.UNKNOWN)
                    + "; attacks " + history.attacks() + ") | " + history.faults().stream().map(History.Fault::what)
                    .collect(Collectors.joining("; ")) + " |";
        }
    }

    record Event(long index, String aggregate, String aggregateType, long sequence, String type, String id,
                 JsonNode payload) {
    }

    /** Units held under one reservation id: by an order (its saga's) or by a customer (through the API). */
    private record Holding(String resource, String customer, String order, int quantity) {
        String holder() {
            return order == null ? "customer " + customer : "order " + order + " of " + customer;
        }
    }

    private final Cluster cluster;
    private final Expect expect;
    private final List<Result> results = new ArrayList<>();
    private List<Event> events;
    private Map<String, List<Event>> byAggregate;
    private String notQuiet = "";

    private Checker(Cluster cluster, Expect expect) {
        this.cluster = cluster;
        this.expect = expect;
    }

    /** Waits for quiet (bounded), checks every invariant, and writes the history and the report of the scenario. */
    public static Report check(String scenario, History history, Cluster cluster, Expect expect) throws Exception {
        Checker checker = new Checker(cluster, expect);
        long quiet = checker.awaitQuiet();
        checker.run(history, quiet);
        Report report = new Report(scenario, List.copyOf(checker.results), history, quiet);
        Path dir = Path.of("target", "faults", scenario);
        history.write(dir.resolve("history.jsonl"));
        write(dir.resolve("report.md"), report);
        return report;
    }

    /**
     * Returns how long the system took to become quiet, or -1 when it did not within the bound. Quiet must hold for
     * four polls in a row, 1.5 s in all: a processor that has just reclaimed its segments may report no lag before it
     * has read the events behind its token.
     */
    private long awaitQuiet() {
        long start = System.currentTimeMillis();
        java.util.concurrent.atomic.AtomicInteger quietInARow = new java.util.concurrent.atomic.AtomicInteger();
        try {
            org.awaitility.Awaitility.await().atMost(expect.terminalBound()).pollInterval(Duration.ofMillis(500))
                    .until(() -> quiet() ? quietInARow.incrementAndGet() >= 4 : quietInARow.getAndSet(0) < 0);
            return System.currentTimeMillis() - start;
        } catch (org.awaitility.core.ConditionTimeoutException notQuietInTime) {
            return -1;
        }
    }

    private boolean quiet() {
        try {
            // the cheap checks first: reading the whole store is the costly one, and the last
            try (Connection connection = cluster.connect()) {
                Map<String, String> pending = strings(connection, """
                        SELECT 'accepted_command ' || command_id, command_type FROM accepted_command
                        WHERE status = 'PENDING' UNION ALL
                        SELECT 'effect_ledger ' || subject_id || ' ' || kind || ' ' || step, coalesce(last_error, '')
                        FROM effect_ledger WHERE status = 'PENDING' AND kind NOT LIKE 'payment-%'
                        UNION ALL SELECT 'due job ' || task_name || ':' || task_instance, execution_time::text
                        FROM scheduled_tasks WHERE task_name LIKE 'payment-%' AND execution_time <= now()""");
                if (!pending.isEmpty()) {
                    notQuiet = "pending " + pending;
                    return false;
                }
            }
            for (JsonNode processor : processors()) {
                if (processor.path("lagEvents").asLong() != 0 || processor.path("error").asBoolean()
                        || !processor.path("running").asBoolean()
                        || processor.path("position").asLong() < processor.path("head").asLong()) {
                    notQuiet = "processor " + processor;
                    return false;
                }
            }
            load();
            List<String> open = openOrders();
            if (!open.isEmpty()) {
                notQuiet = "open orders " + open.stream().limit(5).toList();
                return false;
            }
            return true;
        } catch (Exception notYet) {
            notQuiet = notYet.toString();
            return false;
        }
    }

    /**
     * Every processor as the cluster sees it: each live node reports only the segments it claims, so the entries of
     * the nodes that claim some are merged (the lowest position, the largest lag, any error). A processor no node
     * claims a segment of is shown with {@code segments} 0 and position -1: not at the head.
     */
    private JsonNode processors() {
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> merged = new LinkedHashMap<>();
        boolean answered = false;
        for (Cluster.Node node : cluster.liveNodes()) {
            TestApi.Response response;
            try {
                response = node.api().get("/api/ops/processors");
            } catch (RuntimeException pausedOrDying) {
                continue;
            }
            if (response.status() != 200) {
                continue;
            }
            answered = true;
            for (JsonNode processor : response.body()) {
                String name = processor.path("name").asText();
                com.fasterxml.jackson.databind.node.ObjectNode seen = merged.get(name);
                if (seen == null || seen.path("segments").asInt() == 0) {
                    merged.put(name, processor.deepCopy());
                } else if (processor.path("segments").asInt() > 0) {
                    seen.put("segments", seen.path("segments").asInt() + processor.path("segments").asInt());
                    seen.put("position", Math.min(seen.path("position").asLong(), processor.path("position").asLong()));
                    seen.put("lagEvents", Math.max(seen.path("lagEvents").asLong(),
                            processor.path("lagEvents").asLong()));
                    seen.put("error", seen.path("error").asBoolean() || processor.path("error").asBoolean());
                    seen.put("running", seen.path("running").asBoolean() && processor.path("running").asBoolean());
                    seen.put("deadLetters", Math.max(seen.path("deadLetters").asLong(),
                            processor.path("deadLetters").asLong()));
                }
            }
        }
        if (!answered) {
            throw new IllegalStateException("no node answers");
        }
        return JSON.valueToTree(merged.values());
    }

    private void load() throws SQLException, IOException {
        List<Event> loaded = new ArrayList<>();
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT globalindex, aggregateidentifier, sequencenumber, payloadtype, eventidentifier,
                            convert_from(payload, 'UTF8'), type FROM domainevententry ORDER BY globalindex""")) {
            while (rows.next()) {
                String type = rows.getString(4);
                loaded.add(new Event(rows.getLong(1), rows.getString(2), rows.getString(7), rows.getLong(3),
                        type.substring(type.lastIndexOf('.') + 1), rows.getString(5), JSON.readTree(rows.getString(6))));
            }
        }
        events = loaded;
        byAggregate = events.stream().collect(Collectors.groupingBy(Event::aggregate, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** Order id → status by the fold of its events. */
    private Map<String, String> orderStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        for (Event event : events) {
            String next = ORDER_STATUS.get(event.type());
            if (next != null) {
                status.put(event.aggregate(), next);
            }
        }
        return status;
    }

    private List<String> openOrders() {
        return orderStatus().entrySet().stream().filter(e -> !TERMINAL.contains(e.getValue()))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    private void run(History history, long quiet) throws Exception {
        load();
        Map<String, String> status = orderStatus();
        Map<String, Event> placed = new HashMap<>();
        Map<String, List<Event>> placedByCustomer = new HashMap<>();
        for (Event event : events) {
            if (event.type().equals("OrderPlacedEvent")) {
                placed.put(event.aggregate(), event);
                placedByCustomer.computeIfAbsent(id(event.payload().get("customerId")), k -> new ArrayList<>())
                        .add(event);
            }
        }
        Map<String, List<Event>> decisions = events.stream().filter(e -> e.type().equals("ResourceReservedEvent")
                        || e.type().equals("ReservationRejectedEvent"))
                .collect(Collectors.groupingBy(e -> id(e.payload().get("reservationId"))));
        TestApi sandbox = cluster.sandbox();
        Map<String, List<JsonNode>> ledger = group(sandbox.get("/v1/ledger").body().path("data"),
                entry -> entry.path("orderReference").asText());
        Map<String, List<JsonNode>> picklists = group(sandbox.get("/warehouse/picklists").body().path("data"),
                entry -> entry.path("orderReference").asText());
        Map<String, List<JsonNode>> mails = group(sandbox.get("/mail/messages").body().path("data"),
                mail -> mail.path("to").path(0).asText().toLowerCase() + " / " + mail.path("subject").asText());

        // I1 and I2: the history against the event store and the outside world
        List<String> okViolations = new ArrayList<>();
        List<String> otherViolations = new ArrayList<>();
        for (History.Op op : history.ops()) {
            long effects = effects(op, placed, placedByCustomer, decisions);
            String where = (op.attack() == null ? op.type() : op.attack()) + " " + op.key() + " on " + op.node()
                    + " (" + op.status() + " " + op.detail() + ")";
            switch (op.outcome()) {
                case OK -> {
                    if (effects != 1) {
                        okViolations.add(where + " was ok but took effect " + effects + " times");
                    }
                }
                case FAIL -> {
                    if (effects != 0) {
                        otherViolations.add(where + " failed but took effect " + effects + " times");
                    }
                }
                case UNKNOWN -> {
                    if (effects > 1) {
                        otherViolations.add(where + " is unknown but took effect " + effects + " times");
                    }
                }
            }
        }
        for (Map.Entry<String, String> order : status.entrySet()) {
            String orderId = order.getKey();
            JsonNode placedEvent = placed.get(orderId).payload();
            String email = placedEvent.path("email").asText().toLowerCase();
            long captures = ledger.getOrDefault(orderId, List.of()).stream()
                    .filter(e -> e.path("type").asText().equals("capture")).count();
            int picks = picklists.getOrDefault(orderId, List.of()).size();
            if (picks > 1) {
                okViolations.add("order " + orderId + " has " + picks + " picklists");
            }
            for (Map.Entry<String, List<JsonNode>> mail : mails.entrySet()) {
                if (mail.getKey().startsWith(email + " / ")) {
                    long distinct = mail.getValue().stream().map(m -> m.path("messageId").asText()).distinct()
                            .count();
                    if (distinct > 1) {
                        okViolations.add("order " + orderId + " mailed '" + mail.getKey() + "' " + distinct
                                + " times");
                    }
                }
            }
            if (order.getValue().equals("SHIPPED")) {
                if (captures != 1 || picks != 1) {
                    okViolations.add("shipped order " + orderId + " has " + captures + " captures and " + picks
                            + " picklists");
                }
                for (String subject : List.of("Your order is confirmed", "Your order has shipped")) {
                    if (!mails.containsKey(email + " / " + subject)) {
                        okViolations.add("shipped order " + orderId + " never mailed '" + subject + "'");
                    }
                }
            }
        }
        result("I1", "every ok command has exactly one effect", okViolations);
        result("I2", "a fail has no effect, an unknown at most one", otherViolations);

        // I3: read models equal the fold of the events
        List<String> views = new ArrayList<>();
        try (Connection connection = cluster.connect()) {
            Map<String, String> viewStatus = strings(connection, "SELECT order_id, status FROM order_view");
            for (Map.Entry<String, String> order : status.entrySet()) {
                if (!order.getValue().equals(viewStatus.get(order.getKey()))) {
                    views.add("order_view " + order.getKey() + " is " + viewStatus.get(order.getKey())
                            + ", the events say " + order.getValue());
                }
            }
            viewStatus.keySet().stream().filter(id -> !status.containsKey(id))
                    .forEach(id -> views.add("order_view has " + id + " without events"));
            Set<String> eventIds = events.stream().map(Event::id).collect(Collectors.toSet());
            Map<String, String> timeline = strings(connection, "SELECT event_id, order_id FROM order_timeline");
            timeline.keySet().stream().filter(id -> !eventIds.contains(id))
                    .forEach(id -> views.add("order_timeline row " + id + " has no event"));
            events.stream().filter(e -> ORDER_STATUS.containsKey(e.type()) && !timeline.containsKey(e.id()))
                    .forEach(e -> views.add("order_timeline lacks " + e.type() + " of " + e.aggregate()));
            Map<String, int[]> resources = resourceFold(new ArrayList<>());
            Map<String, String> held = strings(connection,
                    "SELECT resource_id, capacity || '/' || held FROM resource_availability");
            resources.forEach((id, fold) -> {
                if (!(fold[0] + "/" + fold[1]).equals(held.get(id))) {
                    views.add("resource_availability " + id + " capacity/held " + held.get(id) + ", the events say "
                            + fold[0] + "/" + fold[1]);
                }
            });
            Map<String, String> reservations = strings(connection,
                    "SELECT reservation_id, status FROM reservation_status");
            Map<String, String> reservationFold = new HashMap<>();
            for (Event event : events) {
                switch (event.type()) {
                    case "ResourceReservedEvent" -> reservationFold.put(id(event.payload().get("reservationId")),
                            "CONFIRMED");
                    case "ReservationRejectedEvent" -> reservationFold.put(id(event.payload().get("reservationId")),
                            "REJECTED");
                    case "ReservationReleasedEvent" -> reservationFold.put(id(event.payload().get("reservationId")),
                            "RELEASED");
                    default -> { }
                }
            }
            reservationFold.forEach((id, s) -> {
                if (!s.equals(reservations.get(id))) {
                    views.add("reservation_status " + id + " is " + reservations.get(id) + ", the events say " + s);
                }
            });
        }
        result("I3", "every read model equals the fold of the events", views);

        // I4: every order terminal within its bound
        List<String> open = new ArrayList<>(openOrders());
        if (quiet < 0) {
            open.add(0, "not quiet within " + expect.terminalBound().toSeconds() + " s: " + notQuiet);
        }
        result("I4", "every order is terminal within " + expect.terminalBound().toSeconds() + " s", open);

        // I5: at most one capture per order, refunds never above captures, and the monitor agrees
        List<String> money = new ArrayList<>();
        ledger.forEach((order, entries) -> {
            long captures = entries.stream().filter(e -> e.path("type").asText().equals("capture")).count();
            long captured = sum(entries, "capture");
            long refunded = sum(entries, "refund");
            if (captures > 1) {
                money.add(order + " captured " + captures + " times");
            }
            if (refunded > captured) {
                money.add(order + " refunded " + refunded + " of " + captured);
            }
        });
        JsonNode monitor = monitor();
        if (!"OK".equals(monitor.path("status").asText())) {
            money.add("the runtime monitor says " + monitor);
        }
        result("I5", "at most one capture per order, refunds never exceed captures", money);

        // I6: no resource over capacity at any point of its history
        List<String> capacity = new ArrayList<>();
        resourceFold(capacity);
        result("I6", "no resource is ever over capacity", capacity);

        // I7: compensation complete: an order that did not ship holds nothing and kept no money
        List<String> compensation = new ArrayList<>();
        // what each order holds: its saga's reservations carry its id (an attacker's own reservations do not)
        Map<String, Set<String>> heldByOrder = new HashMap<>();
        for (Event event : events) {
            String order = id(event.payload().get("orderId"));
            String reservation = id(event.payload().get("reservationId"));
            if (event.type().equals("ResourceReservedEvent") && order != null) {
                heldByOrder.computeIfAbsent(order, k -> new HashSet<>()).add(reservation);
            } else if (event.type().equals("ReservationReleasedEvent")) {
                heldByOrder.values().forEach(set -> set.remove(reservation));
            }
        }
        status.forEach((order, s) -> {
            List<JsonNode> entries = ledger.getOrDefault(order, List.of());
            long net = sum(entries, "capture") - sum(entries, "refund");
            long total = placed.get(order).payload().path("total").path("minorUnits").asLong();
            if (s.equals("SHIPPED") && net != total) {
                compensation.add("shipped order " + order + " kept " + net + " of " + total);
            }
            if ((s.equals("CANCELLED") || s.equals("REJECTED"))) {
                if (net != 0) {
                    compensation.add(s.toLowerCase() + " order " + order + " kept " + net);
                }
                if (!heldByOrder.getOrDefault(order, Set.of()).isEmpty()) {
                    compensation.add(s.toLowerCase() + " order " + order + " still holds "
                            + heldByOrder.get(order));
                }
            }
        });
        result("I7", "every compensation is complete", compensation);

        // I8: deadlines fire once or are cancelled; sagas of ended orders have ended
        List<String> deadlines = new ArrayList<>();
        try (Connection connection = cluster.connect()) {
            Map<String, String> overdue = strings(connection, """
                    SELECT task_name || ':' || task_instance, execution_time::text FROM scheduled_tasks
                    WHERE execution_time < now() - interval '15 seconds' AND NOT picked
                      AND task_name NOT LIKE '%recurring%'""");
            overdue.forEach((task, at) -> deadlines.add("task " + task + " due at " + at + " never ran"));
            Map<String, String> sagas = strings(connection, """
                    SELECT associationvalue, sagaid FROM associationvalueentry WHERE associationkey = 'orderId'""");
            status.forEach((order, s) -> {
                if (TERMINAL.contains(s) && sagas.containsKey(order)) {
                    deadlines.add("the saga of " + s.toLowerCase() + " order " + order + " is still alive");
                }
            });
        }
        Map<String, Long> escalations = events.stream().filter(e -> e.type().equals("OrderNeedsAttentionEvent")
                || e.type().equals("PaymentCancelledEvent")).collect(Collectors.groupingBy(
                e -> e.type() + " " + e.aggregate(), Collectors.counting()));
        escalations.forEach((what, n) -> {
            if (n > 1) {
                deadlines.add(what + " " + n + " times");
            }
        });
        result("I8", "each deadline fires exactly once or is cancelled", deadlines);

        // I9: processors at the head, nothing dead-lettered unless the scenario put it there
        List<String> processors = new ArrayList<>();
        for (JsonNode processor : processors()) {
            String name = processor.path("name").asText();
            if (!processor.path("running").asBoolean() || processor.path("error").asBoolean()
                    || processor.path("lagEvents").asLong() != 0) {
                processors.add(name + " " + processor);
            }
            if (processor.path("deadLetters").asLong() > 0 && !expect.deadLetterGroups().contains(name)) {
                processors.add(name + " has " + processor.path("deadLetters").asLong() + " dead letters");
            }
        }
        result("I9", "processors at the head, dead-letter queues empty", processors);

        // I10: per-aggregate sequences contiguous from 0, event identifiers unique
        List<String> sequences = new ArrayList<>();
        byAggregate.forEach((aggregate, list) -> {
            long expected = 0;
            for (Event event : list.stream().sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).toList()) {
                if (event.sequence() != expected++) {
                    sequences.add(aggregate + " jumps to " + event.sequence() + " where " + (expected - 1)
                            + " was due");
                    break;
                }
            }
        });
        if (events.stream().map(Event::id).distinct().count() != events.size()) {
            sequences.add("duplicate event identifiers");
        }
        result("I10", "per-aggregate sequences are contiguous", sequences);

        result("I11", "no unit is ever held by two parties", holdings());
        result("I12", "every attack is answered as it must be and a refused one leaves no trace",
                attacks(history, placed));
        result("I13", "every capture is what the resources granted, at their price", captures(ledger));
    }

    /**
     * What an operation did in the event store: the orders placed for the load's customer (each order has its own),
     * or under the attacker's order id for her; the reservation decisions of exactly what was asked (this id, this
     * customer, this quantity, through the API); the customer releases of the reservation (an order's compensation
     * releases with its order id). Attackers release only reservations of theirs that were granted.
     */
    private long effects(History.Op op, Map<String, Event> placed, Map<String, List<Event>> placedByCustomer,
                         Map<String, List<Event>> decisions) {
        return switch (op.type()) {
            case PLACE_ORDER -> op.attack() == null ? placedByCustomer.getOrDefault(op.key(), List.of()).size()
                    : placed.containsKey(op.key()) && op.customer().equals(id(placed.get(op.key()).payload()
                    .get("customerId"))) ? 1 : 0;
            case RESERVE -> decisions.getOrDefault(op.key(), List.of()).stream()
                    .filter(e -> id(e.payload().get("orderId")) == null)
                    .filter(e -> op.customer() == null || op.customer().equals(id(e.payload().get("customerId"))))
                    .filter(e -> e.payload().path("quantity").asInt() == op.quantity()).count();
            case RELEASE -> events.stream().filter(e -> e.type().equals("ReservationReleasedEvent")
                    && op.key().equals(id(e.payload().get("reservationId")))
                    && id(e.payload().get("orderId")) == null).count();
        };
    }

    /**
     * I11, folded from the event store in its global order: a reservation id is granted only while no one holds it,
     * and decided (reserved or rejected) once; the units an order holds are released only by that order's
     * compensation (its id in the release), a customer's only by the customer, whole and on their own resource; the
     * {@code reservation_claim} lookup, which the API and the resources consult, records each first decision as it
     * was. That no resource ever holds more than its capacity is I6.
     */
    private List<String> holdings() throws SQLException {
        List<String> violations = new ArrayList<>();
        Map<String, Holding> held = new HashMap<>();
        Map<String, String> decided = new LinkedHashMap<>();
        for (Event event : events) {
            JsonNode p = event.payload();
            String reservation = id(p.get("reservationId"));
            Holding asked = new Holding(event.aggregate(), id(p.get("customerId")), id(p.get("orderId")),
                    p.path("quantity").asInt());
            switch (event.type()) {
                case "ResourceReservedEvent", "ReservationRejectedEvent" -> {
                    boolean granted = event.type().equals("ResourceReservedEvent");
                    if (granted && held.containsKey(reservation)) {
                        violations.add("reservation " + reservation + " granted to " + asked.holder() + " at event "
                                + event.index() + " while " + held.get(reservation).holder() + " holds it");
                    }
                    if (decided.containsKey(reservation)) {
                        violations.add("reservation " + reservation + " decided again at event " + event.index()
                                + " (" + event.type() + " for " + asked.holder() + ")");
                    } else {
                        decided.put(reservation, asked.resource() + "|" + asked.customer() + "|" + asked.quantity()
                                + "|" + (asked.order() == null ? "" : asked.order()));
                    }
                    if (granted) {
                        held.put(reservation, asked);
                    }
                }
                case "ReservationReleasedEvent" -> {
                    Holding holding = held.remove(reservation);
                    String by = asked.order() == null ? "the customer" : "order " + asked.order();
                    if (holding == null) {
                        violations.add("reservation " + reservation + " released at event " + event.index()
                                + " by " + by + " while no one holds it");
                    } else if (!java.util.Objects.equals(holding.order(), asked.order())
                            || !holding.resource().equals(event.aggregate())
                            || holding.quantity() != p.path("quantity").asInt()) {
                        violations.add("the " + holding.quantity() + " units of " + holding.holder() + " under "
                                + reservation + " released at event " + event.index() + " by " + by + " ("
                                + p.path("quantity").asInt() + " units of " + event.aggregate() + ")");
                    }
                }
                default -> { }
            }
        }
        try (Connection connection = cluster.connect()) {
            Map<String, String> claims = strings(connection, """
                    SELECT reservation_id, resource_id || '|' || customer_id || '|' || quantity || '|'
                           || coalesce(order_id, '') FROM reservation_claim""");
            decided.forEach((reservation, decision) -> {
                if (!decision.equals(claims.get(reservation))) {
                    violations.add("reservation_claim " + reservation + " is " + claims.get(reservation)
                            + ", its first decision " + decision);
                }
            });
            claims.keySet().stream().filter(reservation -> !decided.containsKey(reservation)).forEach(reservation ->
                    violations.add("reservation_claim " + reservation + " has no decision"));
        }
        return violations;
    }

    /**
     * I12: every attempt of an attacker that the server answered got an answer its attack allows, never a 5xx
     * (only {@code 503 intake-paused}, sent before anything is stored, and in a scenario that takes the database
     * away the {@code 503 unavailable} of a request whose connection died, see {@link Expect}); whatever the client learnt, an
     * order under a resource's or a payment's id never became an Order, an order quoting a unit price of 1 was never
     * stored, and an order whose old derived reservation id the attacker took first was reserved by its own saga all
     * the same. Her reservations under old derived ids are her own: granted to her, through the API, for no order.
     */
    private List<String> attacks(History history, Map<String, Event> placed) {
        List<String> violations = new ArrayList<>();
        Map<String, List<Event>> decisionsByOrder = events.stream()
                .filter(e -> e.type().equals("ResourceReservedEvent") || e.type().equals("ReservationRejectedEvent"))
                .filter(e -> id(e.payload().get("orderId")) != null)
                .collect(Collectors.groupingBy(e -> id(e.payload().get("orderId"))));
        for (History.Op op : history.ops()) {
            Attacker.Attack attack = op.attack();
            if (attack == null) {
                continue;
            }
            String where = attack + " " + op.key() + " by " + op.customer() + " on " + op.node();
            boolean connectionLost = expect.databaseOutage() && op.status() == 503
                    && "unavailable".equals(op.problem());
            if (op.status() != 0 && !connectionLost && !attack.answeredWith(op.status(), op.problem())) {
                violations.add(where + " was answered " + op.status() + " " + op.problem() + ", expected "
                        + attack.expected() + ": " + op.detail());
            }
            List<Event> trace = byAggregate.getOrDefault(op.key(), List.of());
            switch (attack) {
                case ORDER_ID_OF_RESOURCE, ORDER_ID_OF_PAYMENT -> trace.stream()
                        .filter(e -> e.aggregateType().equals("Order") || ORDER_STATUS.containsKey(e.type()))
                        .findFirst().ifPresent(e -> violations.add(where + ": the " + trace.get(0).aggregateType()
                                + " id has an order event, " + e.type() + " at " + e.index()));
                case ORDER_AT_UNIT_PRICE_1 -> {
                    if (!trace.isEmpty()) {
                        violations.add(where + ": stored as " + trace.get(0).aggregateType() + " with "
                                + trace.size() + " events");
                    }
                }
                case ORDER_AFTER_PRE_RESERVE -> {
                    if (placed.containsKey(op.key())) {
                        List<Event> own = decisionsByOrder.getOrDefault(op.key(), List.of());
                        if (own.isEmpty()) {
                            violations.add(where + ": its saga's reservation was never decided");
                        }
                        own.stream().filter(e -> id(e.payload().get("reservationId"))
                                        .equals(Attacker.oldDerivedId(op.key()))).findFirst()
                                .ifPresent(e -> violations.add(where + ": its saga reserved the old derived id"));
                    }
                }
                case OLD_DERIVED_ID, PRE_RESERVE -> events.stream()
                        .filter(e -> e.type().equals("ResourceReservedEvent")
                                && op.key().equals(id(e.payload().get("reservationId"))))
                        .filter(e -> !op.customer().equals(id(e.payload().get("customerId")))
                                || id(e.payload().get("orderId")) != null)
                        .findFirst().ifPresent(e -> violations.add(where + ": granted to "
                                + id(e.payload().get("customerId")) + " for order " + id(e.payload().get("orderId"))));
                default -> { }
            }
        }
        return violations;
    }

    /** I13: each capture in the provider's ledger is Σ unit price × quantity of what its order was granted. */
    private List<String> captures(Map<String, List<JsonNode>> ledger) {
        Map<String, Long> granted = new HashMap<>();
        for (Event event : events) {
            String order = id(event.payload().get("orderId"));
            if (event.type().equals("ResourceReservedEvent") && order != null) {
                granted.merge(order, event.payload().path("unitPrice").path("minorUnits").asLong()
                        * event.payload().path("quantity").asLong(), Long::sum);
            }
        }
        List<String> violations = new ArrayList<>();
        ledger.forEach((order, entries) -> entries.stream().filter(e -> e.path("type").asText().equals("capture"))
                .filter(e -> e.path("amount").asLong() != granted.getOrDefault(order, 0L))
                .forEach(e -> violations.add("order " + order + " captured " + e.path("amount").asLong()
                        + ", its resources granted " + granted.getOrDefault(order, 0L))));
        return violations;
    }

    /** Resource id → {capacity, held} by the fold; adds to {@code violations} each moment it held too much. */
    private Map<String, int[]> resourceFold(List<String> violations) {
        Map<String, int[]> fold = new LinkedHashMap<>();
        for (Event event : events) {
            JsonNode p = event.payload();
            switch (event.type()) {
                case "ResourceRegisteredEvent" -> fold.put(event.aggregate(), new int[]{p.path("capacity").asInt(), 0});
                case "ResourceCapacityChangedEvent" -> fold.get(event.aggregate())[0] = p.path("capacity").asInt();
                case "ResourceReservedEvent" -> fold.get(event.aggregate())[1] += p.path("quantity").asInt();
                case "ReservationReleasedEvent" -> fold.get(event.aggregate())[1] -= p.path("quantity").asInt();
                default -> {
                    continue;
                }
            }
            int[] state = fold.get(event.aggregate());
            if (state[1] > state[0]) {
                violations.add(event.aggregate() + " holds " + state[1] + " of " + state[0] + " at event "
                        + event.index());
            }
        }
        return fold;
    }

    private JsonNode monitor() {
        for (Cluster.Node node : cluster.liveNodes()) {
            try {
                return node.api().get("/api/monitor").body();
            } catch (RuntimeException tryTheNext) {
                // a paused node
            }
        }
        throw new IllegalStateException("no node answers");
    }

    private void result(String id, String invariant, List<String> violations) {
        results.add(new Result(id, invariant, violations.isEmpty(), List.copyOf(violations)));
    }

    private static String id(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.elements().next().asText();
    }

    private static long sum(List<JsonNode> entries, String type) {
        return entries.stream().filter(e -> e.path("type").asText().equals(type))
                .mapToLong(e -> e.path("amount").asLong()).sum();
    }

    private static Map<String, List<JsonNode>> group(JsonNode array, Function<JsonNode, String> key) {
        Map<String, List<JsonNode>> groups = new HashMap<>();
        array.forEach(node -> groups.computeIfAbsent(key.apply(node), k -> new ArrayList<>()).add(node));
        return groups;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, String> strings(Connection connection, String sql) throws SQLException {
        Map<String, String> map = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                map.put(rows.getString(1), rows.getString(2));
            }
        }
        return map;
    }

    private static void write(Path file, Report report) throws IOException {
        StringBuilder md = new StringBuilder("# Fault scenario `" + report.scenario() + "`\n\n");
        md.append("Operations: ").append(report.history().ops().size()).append(" (ok ")
                .append(report.history().count(History.Outcome.OK)).append(", fail ")
                .append(report.history().count(History.Outcome.FAIL)).append(", unknown ")
                .append(report.history().count(History.Outcome.UNKNOWN)).append("). Quiet after ")
                .append(report.quietAfterMillis() < 0 ? "never" : report.quietAfterMillis() + " ms").append(".\n\n");
        md.append("Faults:\n\n");
        report.history().faults().forEach(f -> md.append("- ").append(f.what()).append('\n'));
        md.append("\n| id | invariant | result | violations (first 10) |\n|---|---|---|---|\n");
        for (Result result : report.results()) {
            md.append("| ").append(result.id()).append(" | ").append(result.invariant()).append(" | ")
                    .append(result.passed() ? "ok" : "**FAIL**").append(" | ")
                    .append(String.join("<br>", result.violations().stream().limit(10).toList())
                            .replace("|", "\\|")).append(" |\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        Path summary = Path.of("target", "faults", "summary.md");
        if (!Files.exists(summary)) {
            Files.writeString(summary, "| scenario | invariants | result | operations | faults |\n|---|---|---|---|---|\n");
        }
        Files.writeString(summary, report.summaryRow() + "\n", StandardOpenOption.APPEND);
    }
}
