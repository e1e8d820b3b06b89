package dev.orderly.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.ShipmentNotices;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker who sends more than any request needs, through real HTTP: bodies far over the limit (declared, or
 * streamed chunk by chunk), JSON within the size limit but shaped to make the parser work (deep nesting, huge
 * numbers and strings), and GraphQL documents and variables over theirs. Each is refused with its problem type and
 * nothing is stored or dispatched; every test here fails if its limit is removed, since each refused request would
 * otherwise succeed.
 */
@OrderlySystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputBodiesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MB = 1024 * 1024;
    private static final String TOO_LARGE = "https://orderly.dev/problems/payload-too-large";
    private static final String JSON_LIMIT = "https://orderly.dev/problems/json-limit-exceeded";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    TestApi ops;
    String orderId;
    String orderLocation;

    /** An order waiting for its shipment notice, which only a webhook can give it. */
    @BeforeAll
    void anOrderInPicking() {
        ops = new TestApi(port);
        ShipmentNotices.AwaitingShipment order = ShipmentNotices.orderAwaitingShipment(ops, "Hostile bodies table");
        orderId = order.orderId();
        orderLocation = order.location();
    }

    @AfterAll
    void releaseShipments() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void a_correctly_signed_20_mb_shipment_notice_is_413_and_ships_nothing() throws Exception {
        String shipmentId = "shp_" + UUID.randomUUID();
        byte[] notice = padded(notice(shipmentId), 20 * MB);
        long now = Instant.now().getEpochSecond();

        // Sent as fast as the socket takes it while the answer is read, as an attacker's client would.
        RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/webhooks/warehouse", Map.of(
                "Content-Type", "application/json", "Content-Length", Integer.toString(notice.length),
                ShipmentNotices.TIMESTAMP, Long.toString(now), ShipmentNotices.SIGNATURE, sign(now, notice)),
                out -> out.write(notice));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).isEqualTo(TOO_LARGE);
        assertNothingShipped(shipmentId);
    }

    @Test
    void a_correctly_signed_notice_streamed_in_chunks_is_413_once_it_passes_64_kib() throws Exception {
        String shipmentId = "shp_" + UUID.randomUUID();
        String text = notice(shipmentId);
        byte[] notice = padded(text, 20 * MB);
        long now = Instant.now().getEpochSecond();

        RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/webhooks/warehouse", Map.of(
                "Content-Type", "application/json", "Transfer-Encoding", "chunked",
                ShipmentNotices.TIMESTAMP, Long.toString(now), ShipmentNotices.SIGNATURE, sign(now, notice)),
                RawHttp.chunked(text.getBytes(StandardCharsets.UTF_8), (byte) ' ', notice.length, true));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("type").asText()).isEqualTo(TOO_LARGE);
        assertNothingShipped(shipmentId);
    }

    @Test
    void an_unsigned_notice_is_401_from_its_headers_alone_and_a_declared_20_mb_one_is_413_unsent() throws Exception {
        // Neither body is ever sent: the server must answer from the headers, or this read times out.
        RawHttp.Answer unsigned = RawHttp.send(port, "POST", "/api/webhooks/warehouse", Map.of(
                "Content-Type", "application/json", "Content-Length", Integer.toString(20 * MB)), out -> { });
        long now = Instant.now().getEpochSecond();
        RawHttp.Answer declared = RawHttp.send(port, "POST", "/api/webhooks/warehouse", Map.of(
                "Content-Type", "application/json", "Content-Length", Integer.toString(20 * MB),
                ShipmentNotices.TIMESTAMP, Long.toString(now), ShipmentNotices.SIGNATURE, "sha256=" + "ab".repeat(32)),
                out -> { });

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.json().path("type").asText()).isEqualTo("https://orderly.dev/problems/invalid-signature");
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.json().path("type").asText()).isEqualTo(TOO_LARGE);
        assertThat(declared.json().path("maxBytes").asLong()).isEqualTo(64 * 1024);
    }

    @Test
    void a_json_body_over_1_mib_is_413_by_its_length_and_nothing_is_stored() throws Exception {
        String marker = marker();
        String body = registration(marker + "x".repeat(2 * MB));

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/resources", Map.of(
                "Authorization", TestApi.basic("ops"), "Content-Type", "application/json",
                "Content-Length", Integer.toString(bytes.length)), out -> out.write(bytes));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).isEqualTo(TOO_LARGE);
        assertThat(answer.json().path("maxBytes").asLong()).isEqualTo(MB);
        assertThat(stored(marker)).isZero();
    }

    @Test
    void a_valid_json_body_streamed_in_chunks_past_1_mib_is_413_on_rest_and_graphql() throws Exception {
        String restMarker = marker();
        String graphQlMarker = marker();
        // Valid requests but for the whitespace: without the limit both would register a resource.
        RawHttp.Answer rest = chunkedAsOps("/api/resources", registration(restMarker), 3 * MB / 2);
        RawHttp.Answer graphQl = chunkedAsOps("/graphql", JSON.writeValueAsString(Map.of("query",
                "mutation { registerResource(input: {name: \"" + graphQlMarker + "\", capacity: 1, unitPrice: 100, "
                        + "currency: \"EUR\"}) { resource { resourceId } } }")), 3 * MB / 2);

        for (RawHttp.Answer answer : new RawHttp.Answer[] {rest, graphQl}) {
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().path("type").asText()).isEqualTo(TOO_LARGE);
        }
        assertThat(stored(restMarker)).isZero();
        assertThat(stored(graphQlMarker)).isZero();
    }

    @Test
    void json_within_the_size_limit_but_past_the_parser_limits_is_400_and_nothing_is_stored() {
        String marker = marker();
        String deep = "[".repeat(1000) + "]".repeat(1000);
        TestApi.Response deepVariables = ops.post("/graphql", """
                {"query":"mutation { registerResource(input: {name: \\"%s\\", capacity: 1, unitPrice: 100, \
                currency: \\"EUR\\"}) { resource { resourceId } } }","variables":{"deep":%s}}""".formatted(marker, deep));
        TestApi.Response hugeNumber = ops.post("/api/resources", registration(marker).replace("\"capacity\":1",
                "\"capacity\":" + "9".repeat(5000)));
        TestApi.Response longNumber = ops.post("/api/resources", registration(marker).replace("\"unitPrice\":100",
                "\"unitPrice\":1" + "0".repeat(200) + "e-200"));
        TestApi.Response longString = ops.post("/api/resources", registration(marker + "x".repeat(100_000)));

        for (TestApi.Response answer : new TestApi.Response[] {deepVariables, hugeNumber, longNumber, longString}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.text("type")).as(answer.toString()).isEqualTo(JSON_LIMIT);
            assertThat(answer.text("detail")).doesNotContain("StreamReadConstraints");
        }
        assertThat(stored(marker)).isZero();
    }

    @Test
    void a_graphql_document_or_variables_over_their_limits_are_refused_before_anything_runs() {
        String documentMarker = marker();
        String variablesMarker = marker();
        GraphQlHttp graphQl = GraphQlHttp.as(port, "ops");
        // 20 KB of comment: the mutation itself is valid and would run.
        TestApi.Response longDocument = graphQl.send("# " + "x".repeat(20_000) + "\n"
                + "mutation { registerResource(input: {name: \"" + documentMarker + "\", capacity: 1, unitPrice: 100, "
                + "currency: \"EUR\"}) { resource { resourceId } } }");
        Object[] variables = new Object[2 + 2 * 100];
        variables[0] = "input";
        variables[1] = Map.of("name", variablesMarker, "capacity", 1, "unitPrice", 100, "currency", "EUR");
        for (int i = 1; i <= 100; i++) {
            variables[2 * i] = "unused" + i;
            variables[2 * i + 1] = "y".repeat(1000);
        }
        TestApi.Response largeVariables = graphQl.send("""
                mutation($input: RegisterResourceInput!) { registerResource(input: $input) { resource { resourceId } } }""",
                variables);

        for (TestApi.Response answer : new TestApi.Response[] {longDocument, largeVariables}) {
            assertThat(answer.status()).isEqualTo(200);
            JsonNode error = answer.body().path("errors").path(0);
            assertThat(error.path("extensions").path("type").asText()).as(answer.toString()).isEqualTo(TOO_LARGE);
            assertThat(error.path("extensions").path("status").asInt()).isEqualTo(413);
            assertThat(error.path("extensions").path("classification").asText()).isEqualTo("BAD_REQUEST");
            assertThat(answer.body().path("data").isMissingNode() || answer.body().path("data").isNull()).isTrue();
        }
        assertThat(longDocument.body().path("errors").path(0).path("message").asText()).contains("document");
        assertThat(largeVariables.body().path("errors").path(0).path("message").asText()).contains("variables");
        assertThat(stored(documentMarker)).isZero();
        assertThat(stored(variablesMarker)).isZero();
    }

    private RawHttp.Answer chunkedAsOps(String path, String json, int total) throws Exception {
        byte[] start = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
        byte[] end = json.substring(json.length() - 1).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", TestApi.basic("ops"));
        headers.put("Content-Type", "application/json");
        headers.put("Transfer-Encoding", "chunked");
        // The document, all but its closing brace, then whitespace, then the brace: valid JSON of `total` bytes.
        return RawHttp.send(port, "POST", path, headers, out -> {
            RawHttp.chunked(start, (byte) ' ', total - end.length, false).writeTo(out);
            RawHttp.chunked(end, (byte) ' ', end.length, true).writeTo(out);
        });
    }

    private void assertNothingShipped(String shipmentId) {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbound_webhook WHERE message_id = ?", Long.class,
                shipmentId)).isZero();
        assertThat(stored(shipmentId)).isZero();
        assertThat(ops.get(orderLocation).text("status")).isEqualTo("PICKING");
    }

    /** Events and accepted commands that mention the marker: any would mean the refused request got through. */
    private long stored(String marker) {
        Long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE position(? in "
                + "convert_from(payload, 'UTF8')) > 0", Long.class, marker);
        Long commands = jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE position(? in payload::text)"
                + " > 0", Long.class, marker);
        return events + commands;
    }

    private static String marker() {
        return "hostile-" + UUID.randomUUID();
    }

    private static String registration(String name) {
        return "{\"name\":\"" + name + "\",\"capacity\":1,\"unitPrice\":100,\"currency\":\"EUR\"}";
    }

    private String notice(String shipmentId) {
        return ShipmentNotices.notice(shipmentId, orderId);
    }

    /** The notice followed by spaces up to {@code size} bytes: still the same JSON document. */
    private static byte[] padded(String notice, int size) {
        byte[] padded = new byte[size];
        Arrays.fill(padded, (byte) ' ');
        byte[] start = notice.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, padded, 0, start.length);
        return padded;
    }

    private static String sign(long timestamp, byte[] body) {
        return ShipmentNotices.sign(timestamp, body, ShipmentNotices.SANDBOX_SECRET);
    }
}
