package dev.sandbox.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.SandboxClient.Answer;
import dev.sandbox.warehouse.CallbackReceiver.Notice;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarehouseAdminTest extends WarehouseSandboxTestBase {

    @Test
    void while_on_hold_a_picklist_is_held_and_not_shipped_and_after_the_release_it_ships() throws Exception {
        Answer on = client.post("/admin/warehouse/hold", null, "{\"enabled\":true}");
        assertThat(on.json().path("enabled").asBoolean()).isTrue();
        assertThat(client.get("/admin/warehouse/hold").json().path("enabled").asBoolean()).isTrue();
        String order = newOrder();

        Answer accepted = client.post("/warehouse/picklists", newKey(), picklist(order));

        assertThat(accepted.json().path("status").asText()).isEqualTo("accepted");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                receiver.notices().isEmpty() && status(order).equals("held"));
        assertThat(warehouse().shipments()).isEmpty();

        Answer off = client.post("/admin/warehouse/hold", null, "{\"enabled\":false}");

        assertThat(off.json().path("enabled").asBoolean()).isFalse();
        await().until(() -> receiver.notices().size() == 1);
        assertThat(status(order)).isEqualTo("shipped");
    }

    @Test
    void a_picklist_whose_delay_ends_during_a_hold_is_held_too() throws Exception {
        warehouse().setShipDelay(Duration.ofSeconds(1));
        String order = newOrder();
        client.post("/warehouse/picklists", newKey(), picklist(order));
        warehouse().setHold(true);

        await().until(() -> status(order).equals("held"));
        warehouse().setHold(false);

        await().until(() -> receiver.notices().size() == 1);
        assertThat(status(order)).isEqualTo("shipped");
    }

    @Test
    void a_redelivery_sends_the_same_notice_again_with_a_valid_signature() throws Exception {
        String order = newOrder();
        client.post("/warehouse/picklists", newKey(), picklist(order));
        await().until(() -> receiver.notices().size() == 1);

        Answer redelivered = client.post("/admin/warehouse/redeliver?orderReference=" + order, null, "");

        assertThat(redelivered.status()).isEqualTo(202);
        await().until(() -> receiver.notices().size() == 2);
        Notice first = receiver.notices().get(0);
        Notice again = receiver.notices().get(1);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(redelivered.json().path("shipmentId").asText())
                .isEqualTo(warehouse().lastShipment(order).orElseThrow().shipmentId());
        assertThat(again.body()).contains(redelivered.json().path("shipmentId").asText());
        assertThat(CallbackReceiver.signedWith(again, SECRET)).isTrue();
        assertThat(warehouse().shipments(order)).hasSize(1);
        await().until(() -> warehouse().deliveries(order).size() == 2);
        assertThat(warehouse().deliveries(order)).extracting(Delivery::redelivery).containsExactly(false, true);
    }

    @Test
    void a_redelivery_for_an_order_without_shipment_answers_404() throws Exception {
        warehouse().setHold(true);
        String order = newOrder();
        client.post("/warehouse/picklists", newKey(), picklist(order));

        Answer unshipped = client.post("/admin/warehouse/redeliver?orderReference=" + order, null, "");
        Answer unknown = client.post("/admin/warehouse/redeliver?orderReference=nobody", null, "");
        Answer missing = client.post("/admin/warehouse/redeliver", null, "");

        assertThat(unshipped.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(warehouse().redeliver(order)).isEmpty();
    }

    @Test
    void the_ship_delay_is_set_over_http_and_the_java_api_sees_it() throws Exception {
        assertThat(client.get("/admin/warehouse/ship-delay").json().path("millis").asLong())
                .isEqualTo(SHIP_DELAY.toMillis());

        Answer set = client.post("/admin/warehouse/ship-delay", null, "{\"millis\":1000}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("millis").asLong()).isEqualTo(1000);
        assertThat(warehouse().shipDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.post("/admin/warehouse/ship-delay", null, "{\"millis\":-1}").status()).isEqualTo(400);
        assertThat(client.post("/admin/warehouse/hold", null, "{\"enabled\":\"yes\"}").status()).isEqualTo(400);
    }

    @Test
    void reset_forgets_picklists_shipments_deliveries_and_keys_and_restores_hold_and_delay() throws Exception {
        String key = newKey();
        String order = newOrder();
        client.post("/warehouse/picklists", key, picklist(order));
        await().until(() -> warehouse().deliveries(order).size() == 1);
        client.post("/admin/warehouse/hold", null, "{\"enabled\":true}");
        client.post("/admin/warehouse/ship-delay", null, "{\"millis\":60000}");

        Answer reset = client.post("/admin/reset", null, "");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(client.get("/warehouse/picklists").json().path("data")).isEmpty();
        assertThat(client.get("/warehouse/deliveries").json().path("data")).isEmpty();
        assertThat(warehouse().shipments()).isEmpty();
        assertThat(client.get("/admin/warehouse/hold").json().path("enabled").asBoolean()).isFalse();
        assertThat(warehouse().shipDelay()).isEqualTo(SHIP_DELAY);
        assertThat(client.post("/admin/warehouse/redeliver?orderReference=" + order, null, "").status())
                .isEqualTo(404);
        Answer again = client.post("/warehouse/picklists", key, picklist(order));
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(warehouse().picklists()).hasSize(1);
    }

    private static String status(String order) throws Exception {
        JsonNode data = client.get("/warehouse/picklists?orderReference=" + order).json().path("data");
        return data.isEmpty() ? "none" : data.get(0).path("status").asText();
    }
}
