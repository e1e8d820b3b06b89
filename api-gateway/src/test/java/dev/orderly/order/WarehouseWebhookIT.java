package dev.orderly.order;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.ShipmentNotices;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The warehouse webhook trusts nothing it cannot verify, and acts on a shipment once. */
@OrderlySystemTest
class WarehouseWebhookIT {

    private static final String SECRET = ShipmentNotices.SANDBOX_SECRET;

    @LocalServerPort
    int port;
    TestApi api;
    String orderLocation;
    String orderId;

    @BeforeEach
    void anOrderWaitingForItsShipment() {
        api = new TestApi(port);
        ShipmentNotices.AwaitingShipment order = ShipmentNotices.orderAwaitingShipment(api, "Webhook table");
        orderLocation = order.location();
        orderId = order.orderId();
    }

    @AfterEach
    void release() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void a_bad_signature_a_missing_one_and_a_stale_or_impossible_timestamp_are_refused_and_change_nothing()
            throws Exception {
        String notice = notice("shp_forged");
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> forged = post(notice, Long.toString(now), "sha256=" + "00".repeat(32));
        HttpResponse<String> unsigned = post(notice, null, null);
        HttpResponse<String> wrongSecret = post(notice, Long.toString(now), sign(now, notice, "guessed-secret"));
        long stale = now - Duration.ofMinutes(10).toSeconds();
        HttpResponse<String> replayedLater = post(notice, Long.toString(stale), sign(stale, notice, SECRET));
        HttpResponse<String> beyondTime = post(notice, Long.toString(Long.MAX_VALUE),
                sign(Long.MAX_VALUE, notice, SECRET));

        for (HttpResponse<String> refused : new HttpResponse[]{forged, unsigned, wrongSecret, replayedLater,
                beyondTime}) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("https://orderly.dev/problems/invalid-signature");
        }
        assertThat(api.get(orderLocation).text("status")).isEqualTo("PICKING");
    }

    @Test
    void a_valid_notice_ships_the_order_and_its_replay_is_ignored() throws Exception {
        String notice = notice("shp_" + UUID.randomUUID());
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> first = post(notice, Long.toString(now), sign(now, notice, SECRET));
        assertThat(first.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(orderLocation).text("status")).isEqualTo("SHIPPED"));

        long later = now + 1;
        HttpResponse<String> replay = post(notice, Long.toString(later), sign(later, notice, SECRET));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("duplicate");
        assertThat(api.get(orderLocation).body().get("timeline").findValuesAsText("event"))
                .filteredOn("shipped"::equals).hasSize(1);
    }

    @Test
    void a_warehouse_still_signing_under_the_old_header_names_ships_the_order_for_one_more_release()
            throws Exception {
        String notice = notice("shp_" + UUID.randomUUID());
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> legacy = post(notice, Map.of(ShipmentNotices.LEGACY_TIMESTAMP, Long.toString(now),
                ShipmentNotices.LEGACY_SIGNATURE, sign(now, notice, SECRET)));

        assertThat(legacy.statusCode()).isEqualTo(200);
        assertThat(legacy.body()).contains("accepted");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(orderLocation).text("status")).isEqualTo("SHIPPED"));
    }

    @Test
    void old_and_new_header_names_never_mix_and_a_valid_old_signature_does_not_save_a_forged_new_one()
            throws Exception {
        String notice = notice("shp_" + UUID.randomUUID());
        long now = Instant.now().getEpochSecond();
        Map<String, String> validOld = Map.of(ShipmentNotices.LEGACY_TIMESTAMP, Long.toString(now),
                ShipmentNotices.LEGACY_SIGNATURE, sign(now, notice, SECRET));

        Map<String, String> forgedNew = new LinkedHashMap<>(validOld);
        forgedNew.put(ShipmentNotices.TIMESTAMP, Long.toString(now));
        forgedNew.put(ShipmentNotices.SIGNATURE, "sha256=" + "00".repeat(32));
        Map<String, String> newTimestampOldSignature = new LinkedHashMap<>(validOld);
        newTimestampOldSignature.put(ShipmentNotices.TIMESTAMP, Long.toString(now));

        for (Map<String, String> headers : List.of(forgedNew, newTimestampOldSignature)) {
            HttpResponse<String> refused = post(notice, headers);
            assertThat(refused.statusCode()).as(headers.keySet().toString()).isEqualTo(401);
            assertThat(refused.body()).contains("https://orderly.dev/problems/invalid-signature");
        }
        assertThat(api.get(orderLocation).text("status")).isEqualTo("PICKING");
    }

    private String notice(String shipmentId) {
        return ShipmentNotices.notice(shipmentId, orderId);
    }

    private HttpResponse<String> post(String body, String timestamp, String signature)
            throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (timestamp != null) {
            headers.put(ShipmentNotices.TIMESTAMP, timestamp);
        }
        if (signature != null) {
            headers.put(ShipmentNotices.SIGNATURE, signature);
        }
        return post(body, headers);
    }

    private HttpResponse<String> post(String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/webhooks/warehouse"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(long timestamp, String body, String secret) {
        return ShipmentNotices.sign(timestamp, body.getBytes(StandardCharsets.UTF_8), secret);
    }
}
