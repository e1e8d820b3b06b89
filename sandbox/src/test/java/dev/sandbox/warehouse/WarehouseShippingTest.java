package dev.sandbox.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.SandboxClient.Answer;
import dev.sandbox.warehouse.CallbackReceiver.Notice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarehouseShippingTest extends WarehouseSandboxTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void an_accepted_picklist_is_answered_202_with_its_id() throws Exception {
        String order = newOrder();

        Answer accepted = client.post("/warehouse/picklists", newKey(), picklist(order));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode json = accepted.json();
        assertThat(json.path("picklistId").asText()).matches("pck_[0-9a-f-]{36}");
        assertThat(json.path("orderReference").asText()).isEqualTo(order);
        assertThat(json.path("status").asText()).isEqualTo("accepted");
        assertThat(Instant.parse(json.path("receivedAt").asText())).isNotNull();
    }

    @Test
    void a_picklist_ships_after_the_delay_and_its_notice_arrives_signed_with_the_webhook_secret() throws Exception {
        String order = newOrder();
        String key = newKey();
        String picklistId = client.post("/warehouse/picklists", key, picklist(order)).json()
                .path("picklistId").asText();

        await().until(() -> receiver.notices().size() == 1);

        Notice notice = receiver.notices().get(0);
        assertThat(notice.path()).isEqualTo(CallbackReceiver.PATH);
        assertThat(notice.contentType()).isEqualTo("application/json");
        assertThat(notice.timestamp()).matches("\\d+");
        assertThat(notice.signature()).matches("sha256=[0-9a-f]{64}");
        assertThat(CallbackReceiver.signedWith(notice, SECRET)).isTrue();
        assertThat(CallbackReceiver.signedWith(notice, "another-secret")).isFalse();
        JsonNode body = JSON.readTree(notice.body());
        assertThat(body.path("shipmentId").asText()).matches("shp_[0-9a-f-]{36}");
        assertThat(body.path("picklistId").asText()).isEqualTo(picklistId);
        assertThat(body.path("orderReference").asText()).isEqualTo(order);
        assertThat(body.path("carrier").asText()).isEqualTo("SandboxPost");
        assertThat(body.path("trackingNumber").asText()).matches("SP\\d+");
        assertThat(Instant.parse(body.path("shippedAt").asText())).isNotNull();

        JsonNode listed = client.get("/warehouse/picklists?orderReference=" + order).json().path("data");
        assertThat(listed).hasSize(1);
        JsonNode picklist = listed.get(0);
        assertThat(picklist.path("picklistId").asText()).isEqualTo(picklistId);
        assertThat(picklist.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(picklist.path("status").asText()).isEqualTo("shipped");
        assertThat(picklist.path("shipmentId").asText()).isEqualTo(body.path("shipmentId").asText());
        assertThat(picklist.path("lines")).hasSize(2);
        assertThat(picklist.path("lines").get(0).path("sku").asText()).isEqualTo("SKU-1");
        assertThat(picklist.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(picklist.path("shipTo").path("country").asText()).isEqualTo("DE");
        assertThat(picklist.path("callbackUrl").asText()).isEqualTo(receiver.url());
        await().until(() -> client.get("/warehouse/deliveries").json().path("data").size() == 1);
        JsonNode delivery = client.get("/warehouse/deliveries").json().path("data").get(0);
        assertThat(delivery.path("shipmentId").asText()).isEqualTo(body.path("shipmentId").asText());
        assertThat(delivery.path("orderReference").asText()).isEqualTo(order);
        assertThat(delivery.path("attempt").asInt()).isEqualTo(1);
        assertThat(delivery.path("status").asInt()).isEqualTo(200);
        assertThat(delivery.hasNonNull("at")).isTrue();
    }

    @Test
    void a_picklist_is_listed_as_accepted_before_it_ships() throws Exception {
        warehouse().setShipDelay(java.time.Duration.ofMinutes(5));
        String order = newOrder();

        client.post("/warehouse/picklists", newKey(), picklist(order));

        JsonNode picklist = client.get("/warehouse/picklists").json().path("data").get(0);
        assertThat(picklist.path("status").asText()).isEqualTo("accepted");
        assertThat(picklist.has("shipmentId")).isFalse();
        assertThat(warehouse().shipments()).isEmpty();
    }

    @Test
    void a_receiver_that_answers_500_twice_gets_the_notice_on_the_third_try() throws Exception {
        receiver.answerWith(500, 500);
        String order = newOrder();
        client.post("/warehouse/picklists", newKey(), picklist(order));

        await().until(() -> warehouse().deliveries(order).size() == 3);

        assertThat(warehouse().deliveries(order)).extracting(Delivery::attempt).containsExactly(1, 2, 3);
        assertThat(warehouse().deliveries(order)).extracting(Delivery::httpStatus).containsExactly(500, 500, 200);
        JsonNode deliveries = client.get("/warehouse/deliveries").json().path("data");
        assertThat(deliveries).extracting(d -> d.path("status").asInt()).containsExactly(500, 500, 200);
        assertThat(deliveries).extracting(d -> d.path("attempt").asInt()).containsExactly(1, 2, 3);
        assertThat(receiver.notices()).hasSize(3);
        assertThat(receiver.notices()).extracting(Notice::body).containsOnly(receiver.notices().get(0).body());
        for (Notice notice : receiver.notices()) {
            assertThat(CallbackReceiver.signedWith(notice, SECRET)).isTrue();
        }
        assertThat(warehouse().shipments(order)).hasSize(1);
    }

    @Test
    void a_receiver_that_cannot_be_reached_is_recorded_as_an_error_and_tried_again() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String order = newOrder();
        client.post("/warehouse/picklists", newKey(),
                picklist(order, 1, "http://127.0.0.1:" + closedPort + "/api/webhooks/warehouse"));

        await().until(() -> warehouse().deliveries(order).size() >= 2);

        JsonNode deliveries = client.get("/warehouse/deliveries").json().path("data");
        assertThat(deliveries.get(0).path("status").asText()).isEqualTo("error");
        assertThat(deliveries.get(0).path("attempt").asInt()).isEqualTo(1);
        assertThat(deliveries.get(1).path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void the_back_off_starts_at_half_a_second_doubles_and_stops_at_thirty_seconds() {
        assertThat(ShipmentNotifier.backoffAfter(1).toMillis()).isEqualTo(500);
        assertThat(ShipmentNotifier.backoffAfter(2).toMillis()).isEqualTo(1000);
        assertThat(ShipmentNotifier.backoffAfter(3).toMillis()).isEqualTo(2000);
        assertThat(ShipmentNotifier.backoffAfter(7).toMillis()).isEqualTo(30_000);
        assertThat(ShipmentNotifier.backoffAfter(19).toMillis()).isEqualTo(30_000);
        assertThat(ShipmentNotifier.MAX_ATTEMPTS).isEqualTo(20);
    }

    @Test
    void every_picklist_of_an_order_ships_separately() throws IOException, InterruptedException {
        String order = newOrder();
        client.post("/warehouse/picklists", newKey(), picklist(order));
        client.post("/warehouse/picklists", newKey(), picklist(order, 5, receiver.url()));

        await().until(() -> receiver.notices().size() == 2);

        assertThat(warehouse().shipments(order)).hasSize(2);
        assertThat(warehouse().picklists(order)).extracting(Picklist::status)
                .containsOnly(PicklistStatus.SHIPPED);
    }
}
