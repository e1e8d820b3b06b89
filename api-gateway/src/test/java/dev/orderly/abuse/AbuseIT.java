package dev.orderly.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A signed-in customer who wants something for nothing, through the real API: she reuses and guesses reservation
 * ids, releases what her order holds, takes ids of other aggregates for her order, and sets her own price. Each
 * attack is refused, what is held stays held, nothing is stored for a refused request, and the monitor finds no
 * violation. Every test here fails if its check in the gateway or the command model is removed.
 */
@OrderlySystemTest
class AbuseIT {

    /** One token for every order here, so that a repeated request is the same request. */
    private static final String TOKEN = TestSandbox.tokenFor(TestOrders.GOOD_CARD);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    TestApi ops;
    TestApi alice;
    TestApi bob;

    @BeforeEach
    void clients() {
        ops = new TestApi(port);
        alice = TestApi.as(port, "alice");
        bob = TestApi.as(port, "bob");
    }

    @AfterEach
    void sandboxBack() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void the_last_unit_held_by_an_order_cannot_be_claimed_repeated_or_released_by_anyone() {
        TestSandbox.holdShipments(true);
        String seat = ops.registerResource("The last seat", 1);
        String orderId = placeAndAwait(alice, order(seat, 1, null, null), "PICKING");
        String sagaReservation = jdbc.queryForObject(
                "SELECT reservation_id FROM reservation_claim WHERE order_id = ?", String.class, orderId);

        // The id her order's saga would have used before: computable from her own order id, and now worthless.
        String guessed = UUID.nameUUIDFromBytes((orderId + "/reservation-0").getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(guessed).isNotEqualTo(sagaReservation);
        TestApi.Response guess = alice.post("/api/resources/" + seat + "/reservations", reserve(guessed, 1));
        assertThat(guess.status()).isEqualTo(202);
        awaitReservation(alice, guessed, "REJECTED");

        // Even knowing the real id, no one can claim it, repeat it or release it.
        assertProblem(alice.post("/api/resources/" + seat + "/reservations", reserve(sagaReservation, 1)), 409,
                "reservation-id-conflict");
        assertProblem(alice.post("/api/resources/" + seat + "/reservations", reserve(sagaReservation, 2)), 409,
                "reservation-id-conflict");
        assertProblem(bob.post("/api/resources/" + seat + "/reservations", reserve(sagaReservation, 1)), 404,
                "not-found");
        assertThat(storedCommands("reserve:" + sagaReservation)).isZero();
        assertProblem(alice.post("/api/reservations/" + sagaReservation + "/release", "{}"), 404, "not-found");
        assertProblem(bob.post("/api/reservations/" + sagaReservation + "/release", "{}"), 404, "not-found");
        assertThat(storedCommands("release:" + sagaReservation)).isZero();

        String bobs = UUID.randomUUID().toString();
        assertThat(bob.post("/api/resources/" + seat + "/reservations", reserve(bobs, 1)).status()).isEqualTo(202);
        awaitReservation(bob, bobs, "REJECTED");
        assertThat(held(seat)).isEqualTo(1);
        assertThat(ops.get("/api/orders/" + orderId).text("status")).isEqualTo("PICKING");
        TestSandbox.holdShipments(false);
        awaitOrder(alice, orderId, "SHIPPED");
        assertMonitorFindsNoViolation();
    }

    @Test
    void a_reservation_id_belongs_to_its_first_request_and_its_customer() {
        String shelf = ops.registerResource("Shelf", 10);
        String id = UUID.randomUUID().toString();
        assertThat(alice.post("/api/resources/" + shelf + "/reservations", reserve(id, 2)).status()).isEqualTo(202);
        awaitReservation(alice, id, "CONFIRMED");

        assertThat(alice.post("/api/resources/" + shelf + "/reservations", reserve(id, 2)).status())
                .as("the same request again is a retry").isEqualTo(202);
        assertProblem(alice.post("/api/resources/" + shelf + "/reservations", reserve(id, 3)), 409,
                "reservation-id-conflict");
        assertProblem(bob.post("/api/resources/" + shelf + "/reservations", reserve(id, 2)), 404, "not-found");
        String otherShelf = ops.registerResource("Other shelf", 10);
        assertProblem(alice.post("/api/resources/" + otherShelf + "/reservations", reserve(id, 2)), 409,
                "reservation-id-conflict");
        awaitHeld(otherShelf, 0);

        assertProblem(bob.post("/api/reservations/" + id + "/release", "{}"), 404, "not-found");
        awaitHeld(shelf, 2);
        assertThat(alice.post("/api/reservations/" + id + "/release", "{}").status()).isEqualTo(202);
        awaitReservation(alice, id, "RELEASED");
        awaitHeld(shelf, 0);
        assertThat(alice.post("/api/resources/" + shelf + "/reservations", reserve(id, 2)).status())
                .as("a retry of a released reservation books nothing again").isEqualTo(202);
        assertThat(alice.get("/api/reservations/" + id).text("status")).isEqualTo("RELEASED");
        assertThat(held(shelf)).isZero();
        assertMonitorFindsNoViolation();
    }

    /**
     * A reservation id claimed on another resource is refused by the {@code Resource} itself, whatever path the
     * command takes. The claim is written in the deciding command's own transaction: when it cannot be written (as
     * when two nodes decide one id on two resources at once, and the second insert hits the first's row), the
     * decision is not stored either.
     */
    @Test
    void a_decision_whose_claim_cannot_be_written_is_not_stored() {
        String shelf = ops.registerResource("Claimed shelf", 5);
        ReservationId id = ReservationId.random();
        jdbc.update("""
                INSERT INTO reservation_claim (reservation_id, resource_id, customer_id, quantity)
                VALUES (?, ?, 'bob', 1)""", id.toString(), UUID.randomUUID().toString());

        assertThatThrownBy(() -> commands.sendAndWait(ReserveResourceCommand.forCustomer(ResourceId.of(shelf), id,
                new CustomerId("alice"), 1, null))).isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("already requested");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, shelf)).as("only the registration").isEqualTo(1);

        ReservationId racing = ReservationId.random();
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION abuse_claim_taken() RETURNS trigger AS $$
                BEGIN RAISE unique_violation USING MESSAGE = 'claimed by another node meanwhile'; END $$
                LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER abuse_claim_taken BEFORE INSERT ON reservation_claim FOR EACH ROW "
                + "WHEN (NEW.reservation_id = '" + racing + "') EXECUTE FUNCTION abuse_claim_taken()");
        try {
            assertThatThrownBy(() -> commands.sendAndWait(ReserveResourceCommand.forCustomer(ResourceId.of(shelf),
                    racing, new CustomerId("alice"), 1, null)));
        } finally {
            jdbc.execute("DROP TRIGGER abuse_claim_taken ON reservation_claim");
            jdbc.execute("DROP FUNCTION abuse_claim_taken()");
        }
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?
                AND convert_from(payload, 'UTF8') LIKE ?""", Long.class, shelf, "%" + racing + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reservation_claim WHERE reservation_id = ?",
                Long.class, racing.toString())).isZero();
    }

    @Test
    void an_order_whose_customer_reserved_its_old_saga_ids_first_is_fulfilled_and_never_hangs() {
        String lamp = ops.registerResource("Lamp", 2);
        String orderId = UUID.randomUUID().toString();
        for (int line = 0; line < 2; line++) {
            String guessed = UUID.nameUUIDFromBytes((orderId + "/reservation-" + line)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            assertThat(alice.post("/api/resources/" + lamp + "/reservations", reserve(guessed, 1)).status())
                    .isEqualTo(202);
            awaitReservation(alice, guessed, "CONFIRMED");
        }

        TestApi.Response placed = alice.post("/api/orders", order(lamp, 1, orderId, null));
        assertThat(placed.status()).isEqualTo(202);

        // The lamp is full with her own two reservations: the order is rejected cleanly, not left pending.
        awaitOrder(alice, orderId, "REJECTED");
        assertThat(alice.get("/api/orders/" + orderId).text("reason")).contains("insufficient capacity");
        assertThat(held(lamp)).isEqualTo(2);
        assertMonitorFindsNoViolation();
    }

    @Test
    void an_order_id_that_names_any_other_aggregate_is_refused_and_nothing_is_stored() {
        String resource = ops.registerResource("Taken id", 3);
        assertProblem(alice.post("/api/orders", order(resource, 1, resource, null)), 409, "order-id-conflict");
        assertThat(storedCommands("order:" + resource)).isZero();

        String paidOrder = placeAndAwait(alice, order(resource, 1, null, null), "SHIPPED");
        String paymentId = alice.get("/api/orders/" + paidOrder + "/payments").body().get(0).get("paymentId")
                .asText();
        assertProblem(alice.post("/api/orders", order(resource, 1, paymentId, null)), 409, "order-id-conflict");
        assertThat(storedCommands("order:" + paymentId)).isZero();

        assertProblem(bob.post("/api/orders", order(resource, 1, paidOrder, null)), 404, "not-found");
        awaitHeld(resource, 1);
    }

    @Test
    void the_customer_pays_the_catalogue_price_whatever_she_sends() {
        String desk = ops.registerResource("Desk", 5);
        TestApi.Response cheap = alice.post("/api/orders", order(desk, 2, UUID.randomUUID().toString(), 1L));
        assertProblem(cheap, 409, "price-changed");
        assertThat(cheap.body().get("currentUnitPrice").asLong()).isEqualTo(1250);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE command_id LIKE 'order:%' "
                + "AND payload::text LIKE ?", Long.class, "%" + desk + "%")).isZero();

        String orderId = placeAndAwait(alice, order(desk, 2, null, null), "SHIPPED");
        JsonNode payment = alice.get("/api/orders/" + orderId + "/payments").body().get(0);
        assertThat(payment.get("amount").asLong()).isEqualTo(2 * 1250);
        assertThat(alice.get("/api/orders/" + orderId).body().get("total").asLong()).isEqualTo(2 * 1250);

        assertThat(ops.put("/api/resources/" + desk + "/price", "{\"unitPrice\":1800,\"currency\":\"EUR\"}")
                .status()).isEqualTo(204);
        assertProblem(alice.post("/api/orders", order(desk, 1, null, 1250L)), 409, "price-changed");
        String repriced = placeAndAwait(alice, order(desk, 1, null, 1800L), "SHIPPED");
        assertThat(alice.get("/api/orders/" + repriced + "/payments").body().get(0).get("amount").asLong())
                .isEqualTo(1800);
        assertProblem(alice.put("/api/resources/" + desk + "/price", "{\"unitPrice\":1,\"currency\":\"EUR\"}"),
                403, "forbidden");
    }

    @Test
    void an_order_in_another_currency_or_mixing_currencies_is_refused() {
        String euros = ops.registerResource("Priced in euros", 5);
        TestApi.Response dollars = ops.post("/api/resources",
                "{\"name\":\"Priced in dollars\",\"capacity\":5,\"unitPrice\":900,\"currency\":\"USD\"}");
        assertThat(dollars.status()).isEqualTo(201);
        String usd = dollars.text("resourceId");

        assertProblem(alice.post("/api/orders", orderJson("USD", euros, null)), 422, "currency-mismatch");
        assertProblem(alice.post("/api/orders", orderJson(null, euros, usd)), 422, "mixed-currency");
        awaitHeld(euros, 0);
        awaitHeld(usd, 0);
    }

    @Test
    void a_resource_registered_before_prices_cannot_be_ordered_until_an_operator_prices_it() {
        String legacy = UUID.randomUUID().toString();
        // As a revision-1 event in the store, and its price-list row as the migration writes it: no price.
        jdbc.update("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadrevision, payloadtype, timestamp)
                VALUES (?, 0, 'Resource', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1',
                        'dev.orderly.command.resource.ResourceRegisteredEvent', ?)""", legacy,
                UUID.randomUUID().toString(), "{\"resourceId\":\"" + legacy + "\",\"name\":\"Old stock\",\"capacity\":4}",
                java.time.Instant.now().toString());
        jdbc.update("INSERT INTO resource_price (resource_id) VALUES (?)", legacy);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ops.get("/api/resources/" + legacy).status()).isEqualTo(200));
        assertThat(ops.get("/api/resources/" + legacy).body().get("unitPrice").isNull()).isTrue();

        assertProblem(alice.post("/api/orders", order(legacy, 1, null, null)), 422, "resource-not-priced");

        assertThat(ops.put("/api/resources/" + legacy + "/price", "{\"unitPrice\":700,\"currency\":\"EUR\"}")
                .status()).isEqualTo(204);
        String orderId = placeAndAwait(alice, order(legacy, 2, null, null), "SHIPPED");
        assertThat(alice.get("/api/orders/" + orderId + "/payments").body().get(0).get("amount").asLong())
                .isEqualTo(1400);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ops.get("/api/resources/" + legacy).body().get("unitPrice").asLong()).isEqualTo(700));
    }

    private String placeAndAwait(TestApi customer, String order, String status) {
        TestApi.Response placed = customer.post("/api/orders", order);
        assertThat(placed.status()).as("placing %s: %s", order, placed).isEqualTo(202);
        String orderId = placed.text("orderId");
        awaitOrder(customer, orderId, status);
        return orderId;
    }

    private static void awaitOrder(TestApi customer, String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(customer.get("/api/orders/" + orderId).text("status")).isEqualTo(status));
    }

    private static void awaitReservation(TestApi customer, String reservationId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(customer.get("/api/reservations/" + reservationId).text("status")).isEqualTo(status));
    }

    private void awaitHeld(String resourceId, int held) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(held(resourceId)).isEqualTo(held));
    }

    /** Units held as the catalogue shows them; -1 while a just-registered resource is not projected yet. */
    private int held(String resourceId) {
        JsonNode resource = ops.get("/api/resources/" + resourceId).body();
        return resource == null || !resource.has("held") ? -1 : resource.get("held").asInt();
    }

    private void assertMonitorFindsNoViolation() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ops.get("/api/monitor").body().get("lag").asLong()).isZero());
        JsonNode monitor = ops.get("/api/monitor").body();
        assertThat(monitor.get("violationCount").asLong()).as("violations: %s", monitor.get("violations")).isZero();
    }

    private long storedCommands(String commandId) {
        return jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE command_id = ?", Long.class,
                commandId);
    }

    private static void assertProblem(TestApi.Response response, int status, String code) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("type")).isEqualTo("https://orderly.dev/problems/" + code);
    }

    private static String reserve(String reservationId, int quantity) {
        return "{\"reservationId\":\"" + reservationId + "\",\"quantity\":" + quantity + "}";
    }

    private static String order(String resourceId, int quantity, String orderId, Long unitPrice) {
        return """
                {%s"email":"abuse@example.com","paymentToken":"%s",
                 "lines":[{"resourceId":"%s","quantity":%d%s}],
                 "shipTo":{"name":"Ada","street":"1 Main St","city":"Springfield","postalCode":"12345","country":"DE"}}
                """.formatted(orderId == null ? "" : "\"orderId\":\"" + orderId + "\",", TOKEN, resourceId,
                quantity, unitPrice == null ? "" : ",\"unitPrice\":" + unitPrice);
    }

    private static String orderJson(String currency, String first, String second) {
        return """
                {%s"email":"abuse@example.com","paymentToken":"%s","lines":[{"resourceId":"%s","quantity":1}%s],
                 "shipTo":{"name":"Ada","street":"1 Main St","city":"Springfield","postalCode":"12345","country":"DE"}}
                """.formatted(currency == null ? "" : "\"currency\":\"" + currency + "\",", TOKEN, first,
                second == null ? "" : ",{\"resourceId\":\"" + second + "\",\"quantity\":1}");
    }
}
