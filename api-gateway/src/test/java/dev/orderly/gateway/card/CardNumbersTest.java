package dev.orderly.gateway.card;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumbersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"4242424242424242", "4242 4242 4242 4242", "4242-4242-4242-4242", "378282246310005",
            "6011111111111117", "4000000000000002", "card: 4000 0000 0000 9995, thanks", "tok_4242424242424242",
            "4242424242424242.", "(4242424242424242)", "４２４２４２４２４２４２４２４２", "4222222222222",
            "6011000990139424",
            "4242-4242 4242-4242", "4242424242424242\n12", "4242\u00a04242\u00a04242\u00a04242",
            "4242\u202f4242\u20074242\t4242", "4242\u20134242\u20104242\u20144242"})
    void finds_a_card_number_as_people_write_one(String text) {
        assertThat(CardNumbers.foundIn(text)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"4242424242424241", "424242424242", "42424242424242424242", "4242  4242 4242 4242",
            "4242--4242-4242-4242", "x4242424242424242", "4242424242424242x", "12345678-1234-4234-8234-123456789012",
            "a1234567-8901-4242-4242-42424242424b", "7c4e2a10-5b3d-4f6e-9a8b-1c2d3e4f5a6b",
            "SP424242424242", "ab-4242424242424242", "4242424242424242-ab", "tok_5f3a9c0e1b7d4a2c8e6f0b1d",
            "2026-11-26T12:15:00Z", "1 Main St, 12345 Springfield", ""})
    void leaves_ids_prices_dates_and_other_numbers_alone(String text) {
        assertThat(CardNumbers.foundIn(text)).isFalse();
    }

    @Test
    void names_where_in_a_json_document_the_card_number_is() throws Exception {
        assertThat(CardNumbers.locate(JSON.readTree("""
                {"shipTo":{"street":"1 Main St"},"lines":[{"quantity":1},{"unitPrice":4000000000000002}]}""")))
                .contains("/lines/1/unitPrice");
        assertThat(CardNumbers.locate(JSON.readTree("{\"a/b~c\":\"4242 4242 4242 4242\"}"))).contains("/a~1b~0c");
        assertThat(CardNumbers.locate(JSON.readTree("{\"x\":{\"4242424242424242\":1}}"))).contains("/x");
        assertThat(CardNumbers.locate(JSON.readTree("[4242424242424242.0]"))).contains("/0");
        assertThat(CardNumbers.locate(JSON.readTree("\"4242424242424242\""))).contains("");
    }

    @Test
    void finds_none_in_an_ordinary_request_and_survives_numbers_no_card_has() throws Exception {
        assertThat(CardNumbers.locate(JSON.readTree("""
                {"orderId":"7c4e2a10-5b3d-4f6e-9a8b-1c2d3e4f5a6b","paymentToken":"tok_0a1b2c3d4e5f60718293a4b5",
                 "lines":[{"resourceId":"12345678-1234-4234-8234-123456789012","quantity":2,"unitPrice":1250}],
                 "big":1e308,"huge":12345678901234567890123456789,"tiny":-0.5}"""))).isEmpty();
        assertThat(CardNumbers.locate(JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree("{\"far\":1e999999999}"))).isEmpty();
    }

    @Test
    void the_refusal_names_the_field_and_not_the_number() {
        var refusal = CardNumbers.refusal("/shipTo/street");

        assertThat(refusal.status().value()).isEqualTo(400);
        assertThat(refusal.code()).isEqualTo("card-number-not-accepted");
        assertThat(refusal.getMessage()).contains("/shipTo/street").doesNotContainPattern("[0-9]{4}");
        assertThat(refusal.properties()).containsEntry("field", "/shipTo/street");
    }
}
