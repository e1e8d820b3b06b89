package dev.orderly.hostile;

import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After payments that succeed, are declined, hang, fail and drop the connection, paid by token over REST and GraphQL,
 * and after customers who sent card numbers anyway, no table of the database (the event store, the saga store, the
 * outbox of accepted commands, the dead letters, the job tables, every read model) and no line the app logged holds
 * a card number: neither the cards the tests tokenised nor any other Luhn-valid number of 13 to 19 digits.
 */
@OrderlySystemTest
@ExtendWith(OutputCaptureExtension.class)
class NoCardDataIT {

    /** Every magic card of the sandbox; two of them fail the Luhn check, so they are looked for by name too. */
    private static final List<String> CARDS = List.of("4242424242424242", "4000000000000002", "4000000000009995",
            "4000000000000077", "4000000000000119", "4000000000000503", "4000000000000341", "4000000000000266");
    private static final Set<String> SETTLED = Set.of("SHIPPED", "CANCELLED", "REJECTED", "CAPTURED", "DECLINED",
            "NEEDS_ATTENTION");
    /**
     * Digits joined by single spaces or dashes, 13 to 19 of them, that do not continue and are not part of a word
     * (a letter or digit next to them, or a dash between them and one, as in ids, hashes and UUIDs).
     */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{Alnum}])(?<![\\p{Alnum}]-)(?<!\\d[ -])\\d(?:[ -]?\\d){12,18}(?![ -]?\\d)(?![\\p{Alnum}])"
                    + "(?!-\\p{Alnum})");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void after_every_kind_of_payment_no_table_and_no_log_line_holds_a_card_number(CapturedOutput log) {
        assertThat(cardNumbersIn("paid with 4242 4242 4242 4242.")).as("the search itself").hasSize(1);
        TestApi ops = new TestApi(port);
        TestApi alice = TestApi.as(port, "alice");
        String resourceId = ops.registerResource("Card-free shelf", 100);
        List<String> tokens = new ArrayList<>();
        List<String> watched = new ArrayList<>();

        for (String card : CARDS) {
            String token = TestSandbox.tokenFor(card);
            tokens.add(token);
            String customer = "no-card-" + UUID.randomUUID().toString().substring(0, 8);
            TestApi.Response placed = ops.post("/api/orders", TestOrders.orderJsonWithToken(resourceId, 1, customer,
                    customer + "@example.com", token));
            assertThat(placed.status()).as(card).isEqualTo(202);
            watched.add(placed.location());
        }
        TestApi.Response direct = ops.post("/api/payments", """
                {"orderId":"%s","amount":1999,"currency":"EUR","paymentToken":"%s"}"""
                .formatted(UUID.randomUUID(), TestSandbox.tokenFor("4000000000000002")));
        TestApi.Response unknownToken = ops.post("/api/payments", """
                {"orderId":"%s","amount":1999,"currency":"EUR","paymentToken":"tok_unknown_to_the_provider"}"""
                .formatted(UUID.randomUUID()));
        watched.add(direct.location());
        watched.add(unknownToken.location());
        String viaGraphQl = GraphQlHttp.as(port, "alice").data("""
                mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { orderId } } }""",
                "input", Map.of("email", "alice@example.com", "paymentToken", TestSandbox.tokenFor(CARDS.get(0)),
                        "lines", List.of(Map.of("resourceId", resourceId, "quantity", 1)),
                        "shipTo", Map.of("name", "Ada", "street", "1 Main St", "city", "Springfield",
                                "postalCode", "12345", "country", "DE"))).at("/placeOrder/order/orderId").asText();
        watched.add("/api/orders/" + viaGraphQl);
        // Customers who send the number anyway are refused, and their refusal logs no number either.
        assertThat(alice.post("/api/orders", TestOrders.orderJsonWithToken(resourceId, 1, "alice",
                "alice@example.com", "4242424242424242")).status()).isEqualTo(400);
        assertThat(alice.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice", "alice@example.com",
                CARDS.get(0)).replace("1 Main St", "4000-0000-0000-0002")).status()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(watched)
                .allSatisfy(location -> assertThat(ops.get(location).text("status")).as(location).isIn(SETTLED)));

        Map<String, String> tables = everyTableAsText();
        assertThat(tables).containsKeys("domainevententry", "snapshotevententry", "sagaentry", "deadletterentry",
                "accepted_command", "scheduled_tasks", "effect_ledger", "tokenentry");
        assertThat(tables.get("domainevententry")).as("event payloads are read as text").contains(tokens);
        assertThat(tables.get("accepted_command")).as("accepted commands are read as text").contains(tokens.get(0));
        tables.forEach((table, text) -> {
            assertThat(cardNumbersIn(text)).as("card numbers in %s", table).isEmpty();
            assertThat(text).as("test cards in %s", table).doesNotContain(CARDS);
        });
        assertThat(cardNumbersIn(log.getAll())).as("card numbers in the log").isEmpty();
        assertThat(log.getAll()).as("test cards in the log").doesNotContain(CARDS);
    }

    /**
     * Every table of the app's schema, each row's columns as text; bytes (payloads) read one character a byte. Left
     * out: Bucket4j's {@code rate_limit_bucket.expires_at}, an epoch time in milliseconds that its code computes (13
     * digits, Luhn-valid one time in ten); the bucket's key and state are read.
     */
    private Map<String, String> everyTableAsText() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", String.class)) {
            StringBuilder text = new StringBuilder();
            jdbc.query("SELECT * FROM \"" + table + "\"", row -> {
                ResultSetMetaData columns = row.getMetaData();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    if (table.equals("rate_limit_bucket") && columns.getColumnName(i).equals("expires_at")) {
                        continue;
                    }
                    Object value = row.getObject(i);
                    text.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                            : String.valueOf(value)).append('\n');
                }
            });
            tables.put(table, text.toString());
        }
        return tables;
    }

    /** The Luhn-valid numbers in the text, shown by their last four digits only. */
    private static List<String> cardNumbersIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher candidate = NUMBER.matcher(text);
        while (candidate.find()) {
            String digits = candidate.group().replaceAll("[ -]", "");
            if (luhnValid(digits)) {
                found.add("****" + digits.substring(digits.length() - 4));
            }
        }
        return found;
    }

    private static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
