package dev.orderly.saga.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.resource.ResourceId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The picklist is stored in the effect ledger when it is decided and read back when its job runs, possibly by the
 * next release: its JSON is a stored format, pinned here to what releases before the warehouse port wrote.
 */
class PicklistTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID TABLE = UUID.fromString("6f1c2b0e-2a5e-4b8f-9d0c-3c1d2e4f5a6b");
    private static final UUID CHAIR = UUID.fromString("0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d");
    private static final String STORED_BEFORE = """
            {"orderReference":"order-1",
             "lines":[{"sku":"6f1c2b0e-2a5e-4b8f-9d0c-3c1d2e4f5a6b","quantity":2},
                      {"sku":"0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d","quantity":1}],
             "shipTo":{"name":"Erika Mustermann","street":"Hauptstr. 1","city":"Berlin","postalCode":"10115",
                       "country":"DE"}}""";

    private final Picklist picklist = Picklist.of("order-1", List.of(
                    new OrderLine(new ResourceId(TABLE), 2, new Money(10_000, "EUR")),
                    new OrderLine(new ResourceId(CHAIR), 1, new Money(2_500, "EUR"))),
            new ShippingAddress("Erika Mustermann", "Hauptstr. 1", "Berlin", "10115", "DE"));

    @Test
    void an_order_becomes_a_picklist_of_its_resources_and_quantities_without_prices() throws Exception {
        JsonNode written = JSON.valueToTree(picklist);

        assertThat(written).isEqualTo(JSON.readTree(STORED_BEFORE));
    }

    @Test
    void a_picklist_an_earlier_release_stored_reads_back_whole() throws Exception {
        assertThat(JSON.readValue(STORED_BEFORE, Picklist.class)).isEqualTo(picklist);
    }
}
