package dev.orderly.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.TestOrders;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A customer who attacks reservations and order intake beside the ordinary load, signed in as herself ({@code alice}
 * or {@code bob}, by turns, round after round). Each round she
 * <ol type="a">
 *     <li>orders a unit of the scarce resource, reserves the id the fulfilment saga used to derive from the order id
 *     ({@code nameUUIDFromBytes(orderId + "/reservation-0")}: an ordinary reservation of her own now), asks for that
 *     id again with another quantity, reserves under another customer's reservation id she saw, and reserves and
 *     releases the reservation ids of her own and of other customers' orders, as if they had leaked (she reads them
 *     from the event store);</li>
 *     <li>reserves the old derived id of an order id before placing that order;</li>
 *     <li>places orders whose id is a resource's, a payment's or another customer's order's;</li>
 *     <li>places an order quoting a unit price of 1;</li>
 * </ol>
 * and gives back the ordinary reservations she holds. Every attempt is an operation of the history, marked with its
 * {@link Attack}; the checker's I12 holds each to its expected answer and proves that a refused one left nothing.
 */
final class Attacker implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IDENTITIES = List.of("alice", "bob");

    /** What an attempt tries, and the answers it may get. */
    enum Attack {
        OWN_ORDER(History.Type.PLACE_ORDER, "202"),
        OLD_DERIVED_ID(History.Type.RESERVE, "202"),
        OWN_ID_OTHER_QUANTITY(History.Type.RESERVE, "409 reservation-id-conflict"),
        FOREIGN_RESERVATION_ID(History.Type.RESERVE, "404"),
        OWN_ORDER_RESERVATION_ID(History.Type.RESERVE, "409 reservation-id-conflict"),
        FOREIGN_ORDER_RESERVATION_ID(History.Type.RESERVE, "404"),
        RELEASE_OWN_ORDER_RESERVATION(History.Type.RELEASE, "404"),
        RELEASE_FOREIGN_ORDER_RESERVATION(History.Type.RELEASE, "404"),
        RELEASE_FOREIGN_RESERVATION(History.Type.RELEASE, "404"),
        RELEASE_OWN(History.Type.RELEASE, "202", "409 reservation-pending"),
        PRE_RESERVE(History.Type.RESERVE, "202"),
        ORDER_AFTER_PRE_RESERVE(History.Type.PLACE_ORDER, "202"),
        ORDER_ID_OF_RESOURCE(History.Type.PLACE_ORDER, "409 order-id-conflict"),
        ORDER_ID_OF_PAYMENT(History.Type.PLACE_ORDER, "409 order-id-conflict"),
        ORDER_ID_OF_FOREIGN_ORDER(History.Type.PLACE_ORDER, "404"),
        ORDER_AT_UNIT_PRICE_1(History.Type.PLACE_ORDER, "409 price-changed");

        final History.Type type;
        private final List<String> answers;

        Attack(History.Type type, String... answers) {
            this.type = type;
            this.answers = List.of(answers);
        }

        /** Whether the API must refuse it: then it must leave no trace, whatever the client learnt. */
        boolean refused() {
            return answers.stream().noneMatch(answer -> answer.startsWith("2"));
        }

        /**
         * Whether the server's answer is one this attempt may get. Any order may also meet {@code 503 intake-paused},
         * a definite refusal sent before anything is stored.
         */
        boolean answeredWith(int status, String problem) {
            if (type == History.Type.PLACE_ORDER && status == 503 && "intake-paused".equals(problem)) {
                return true;
            }
            return answers.stream().anyMatch(answer -> {
                String[] parts = answer.split(" ");
                return Integer.parseInt(parts[0]) == status && (parts.length == 1 || parts[1].equals(problem));
            });
        }

        String expected() {
            return String.join(" or ", answers);
        }
    }

    /** A reservation decided by a resource, as the event store tells it. */
    private record Decision(String resourceId, String customerId, String orderId, boolean reserved) {
    }

    /** What the attackers of one load have learnt from the event store: decisions and payments. */
    static final class Knowledge {
        private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
        private final List<String> payments = new CopyOnWriteArrayList<>();
        private long position = -1;

        /** Reads what has been appended since the last look; a failing database only leaves her knowing less. */
        synchronized void refresh(Cluster cluster) {
            try (Connection connection = cluster.connect();
                 PreparedStatement statement = connection.prepareStatement("""
                    SELECT globalindex, type, aggregateidentifier, payloadtype, convert_from(payload, 'UTF8')
                    FROM domainevententry WHERE globalindex > ? AND (payloadtype LIKE '%.ResourceReservedEvent'
                      OR payloadtype LIKE '%.ReservationRejectedEvent' OR (type = 'Payment' AND sequencenumber = 0))
                    ORDER BY globalindex""")) {
                statement.setLong(1, position);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        position = Math.max(position, rows.getLong(1));
                        if (rows.getString(2).equals("Payment")) {
                            payments.add(rows.getString(3));
                            continue;
                        }
                        JsonNode payload = JSON.readTree(rows.getString(5));
                        decisions.put(text(payload.get("reservationId")), new Decision(text(payload.get("resourceId")),
                                text(payload.get("customerId")), text(payload.get("orderId")),
                                rows.getString(4).endsWith(".ResourceReservedEvent")));
                    }
                }
            } catch (Exception unreachable) {
                // the database is down or restarting: she attacks with what she knows
            }
        }
    }

    private final Load load;
    private final String client;
    private final String scarce;
    private final Knowledge knowledge;
    private final Random random = new Random();
    /** Each identity's orders that were accepted, and its ordinary reservations not yet given back. */
    private final Map<String, List<String>> orders = new ConcurrentHashMap<>();
    private final Map<String, List<String>> held = new ConcurrentHashMap<>();
    private int round;

    Attacker(Load load, Knowledge knowledge, String client, int first, String scarce) {
        this.load = load;
        this.knowledge = knowledge;
        this.client = client;
        this.round = first;
        this.scarce = scarce;
    }

    @Override
    public void run() {
        while (load.running) {
            String me = IDENTITIES.get(round++ % IDENTITIES.size());
            orders.computeIfAbsent(me, k -> new ArrayList<>());
            held.computeIfAbsent(me, k -> new ArrayList<>());
            try {
                round(me);
            } catch (Stop stop) {
                return;
            }
        }
    }

    private void round(String me) {
        // (a) her own order of the scarce resource, then the id the saga would once have used for it
        String order = UUID.randomUUID().toString();
        if (order(me, Attack.OWN_ORDER, order, scarce, TestOrders.UNIT_PRICE).outcome() == History.Outcome.OK) {
            orders.get(me).add(order);
        }
        String oldId = oldDerivedId(order);
        if (reserve(me, Attack.OLD_DERIVED_ID, oldId, scarce, 1).outcome() == History.Outcome.OK) {
            held.get(me).add(oldId);
            reserve(me, Attack.OWN_ID_OTHER_QUANTITY, oldId, scarce, 2);
        }
        pick(seenReservations(me)).ifPresent(id -> reserve(me, Attack.FOREIGN_RESERVATION_ID, id, scarce, 1));

        knowledge.refresh(load.cluster);
        List<String> mine = List.copyOf(orders.get(me));
        List<Map.Entry<String, Decision>> orderReservations = knowledge.decisions.entrySet().stream()
                .filter(e -> e.getValue().orderId() != null).toList();
        pick(orderReservations.stream().filter(e -> mine.contains(e.getValue().orderId())).toList()).ifPresent(e -> {
            reserve(me, Attack.OWN_ORDER_RESERVATION_ID, e.getKey(), e.getValue().resourceId(), 1);
            release(me, Attack.RELEASE_OWN_ORDER_RESERVATION, e.getKey());
        });
        pick(orderReservations.stream().filter(e -> !e.getValue().customerId().equals(me)).toList()).ifPresent(e -> {
            reserve(me, Attack.FOREIGN_ORDER_RESERVATION_ID, e.getKey(), e.getValue().resourceId(), 1);
            release(me, Attack.RELEASE_FOREIGN_ORDER_RESERVATION, e.getKey());
        });
        // the ordinary load never gives its reservations back: any release of one is an attacker's
        pick(load.history.ops().stream().filter(op -> op.attack() == null && op.type() == History.Type.RESERVE
                && op.outcome() == History.Outcome.OK).map(History.Op::key).toList())
                .ifPresent(id -> release(me, Attack.RELEASE_FOREIGN_RESERVATION, id));

        // (b) the old derived id of an order id taken before the order is placed
        String next = UUID.randomUUID().toString();
        String squatted = oldDerivedId(next);
        if (reserve(me, Attack.PRE_RESERVE, squatted, load.orderResource, 1).outcome() == History.Outcome.OK) {
            held.get(me).add(squatted);
        }
        if (order(me, Attack.ORDER_AFTER_PRE_RESERVE, next, load.orderResource, TestOrders.UNIT_PRICE).outcome()
                == History.Outcome.OK) {
            orders.get(me).add(next);
        }

        // (c) order ids that name other aggregates
        List<String> resources = new ArrayList<>(List.of(load.orderResource, scarce));
        if (load.reservationResource != null) {
            resources.add(load.reservationResource);
        }
        order(me, Attack.ORDER_ID_OF_RESOURCE, resources.get(random.nextInt(resources.size())), load.orderResource,
                TestOrders.UNIT_PRICE);
        pick(knowledge.payments).ifPresent(payment -> order(me, Attack.ORDER_ID_OF_PAYMENT, payment,
                load.orderResource, TestOrders.UNIT_PRICE));
        pick(foreignOrders(me)).ifPresent(foreign -> order(me, Attack.ORDER_ID_OF_FOREIGN_ORDER, foreign,
                load.orderResource, TestOrders.UNIT_PRICE));

        // (d) a price of her own
        order(me, Attack.ORDER_AT_UNIT_PRICE_1, UUID.randomUUID().toString(), random.nextBoolean() ? scarce
                : load.orderResource, 1);

        // her ordinary reservations go back once decided, each asked once
        for (String reservation : List.copyOf(held.get(me))) {
            Decision decision = knowledge.decisions.get(reservation);
            if (decision != null) {
                held.get(me).remove(reservation);
                if (decision.reserved()) {
                    release(me, Attack.RELEASE_OWN, reservation);
                }
            }
        }
    }

    /** Reservation ids of other customers that she saw answered: the ordinary load's and the other attacker's. */
    private List<String> seenReservations(String me) {
        return load.history.ops().stream().filter(op -> op.type() == History.Type.RESERVE
                        && op.outcome() == History.Outcome.OK && !me.equals(op.customer())
                        && (op.attack() == null || !op.attack().refused()))
                .map(History.Op::key).toList();
    }

    /** Order ids of other customers: the ordinary load's (its answers carry them) and the other attacker's. */
    private List<String> foreignOrders(String me) {
        return load.history.ops().stream().filter(op -> op.type() == History.Type.PLACE_ORDER
                        && op.outcome() == History.Outcome.OK && !me.equals(op.customer()))
                .map(op -> op.attack() == null ? op.detail() : op.key()).filter(id -> id != null && !id.isBlank())
                .toList();
    }

    private History.Op order(String me, Attack attack, String orderId, String resource, long unitPrice) {
        String body = """
                {"orderId":"%s","customerId":"%s","email":"%s-%s@faults.test","currency":"EUR","paymentToken":"%s",
                 "lines":[{"resourceId":"%s","quantity":1,"unitPrice":%d}],
                 "shipTo":{"name":"Mallory","street":"1 Side St","city":"Springfield","postalCode":"12345",
                           "country":"DE"}}
                """.formatted(orderId, me, me, UUID.randomUUID().toString().substring(0, 8),
                load.tokenFor(TestOrders.GOOD_CARD),
                resource, unitPrice);
        return attempt(me, attack, orderId, 1, "/api/orders", body, "orderId");
    }

    private History.Op reserve(String me, Attack attack, String reservationId, String resource, int quantity) {
        return attempt(me, attack, reservationId, quantity, "/api/resources/" + resource + "/reservations",
                "{\"reservationId\":\"" + reservationId + "\",\"customerId\":\"" + me + "\",\"quantity\":" + quantity
                        + "}", "status");
    }

    private History.Op release(String me, Attack attack, String reservationId) {
        return attempt(me, attack, reservationId, 0, "/api/reservations/" + reservationId + "/release",
                "{\"reason\":\"" + attack.name().toLowerCase() + "\"}", "status");
    }

    private History.Op attempt(String me, Attack attack, String key, int quantity, String path, String body,
                               String detailField) {
        if (!load.running) {
            throw new Stop();
        }
        List<Cluster.Node> targets = load.targets();
        History.Op op = load.send(client, targets.get(random.nextInt(targets.size())), me, attack.type, key, me,
                quantity, attack, path, body, detailField);
        // an answer, even a refusal, lets her go on at once; a node that did not answer is given a moment
        Load.pause(op.status() == 0 || op.outcome() == History.Outcome.UNKNOWN ? 1000 : 100 + random.nextInt(100));
        return op;
    }

    private <T> Optional<T> pick(List<T> candidates) {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    /** The saga's reservation id of an order's first line before it was seeded by the server. */
    static String oldDerivedId(String orderId) {
        return UUID.nameUUIDFromBytes((orderId + "/reservation-0").getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.elements().next().asText();
    }

    /** The load was closed: the attacker stops between two attempts. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
