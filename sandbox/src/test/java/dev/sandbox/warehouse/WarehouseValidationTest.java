package dev.sandbox.warehouse;

import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseValidationTest extends WarehouseSandboxTestBase {

    private static final String LINES = "\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1}]";
    private static final String CALLBACK = "\"callbackUrl\":\"http://localhost:9/api/webhooks/warehouse\"";

    @ParameterizedTest
    @ValueSource(strings = {
            "{" + LINES + "," + CALLBACK + "}",
            "{\"orderReference\":\"  \"," + LINES + "," + CALLBACK + "}",
            "{\"orderReference\":42," + LINES + "," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\"," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":[]," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":{}," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":0}]," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":-3}]," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1.5}]," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":[{\"sku\":\"SKU-1\"}]," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\",\"lines\":[{\"quantity\":1}]," + CALLBACK + "}",
            "{\"orderReference\":\"o-1\"," + LINES + "}",
            "{\"orderReference\":\"o-1\"," + LINES + ",\"callbackUrl\":\"not a url\"}",
            "{\"orderReference\":\"o-1\"," + LINES + ",\"callbackUrl\":\"/api/webhooks/warehouse\"}",
            "{\"orderReference\":\"o-1\"," + LINES + ",\"callbackUrl\":\"ftp://host/x\"}",
            "{\"orderReference\":\"o-1\"," + LINES + "," + CALLBACK + ",\"shipTo\":\"Berlin\"}",
            "{\"orderReference\":\"o-1\",",
            "[]",
            ""
    })
    void an_invalid_picklist_is_refused_with_400_and_nothing_is_stored(String body) throws Exception {
        Answer refused = client.post("/warehouse/picklists", newKey(), body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_request");
        assertThat(refused.json().path("message").asText()).isNotBlank();
        assertThat(client.get("/warehouse/picklists").json().path("data")).isEmpty();
        assertThat(warehouse().picklists()).isEmpty();
    }

    @Test
    void a_picklist_without_an_idempotency_key_is_refused_with_400() throws Exception {
        Answer missing = client.post("/warehouse/picklists", null, picklist(newOrder()));
        Answer blank = client.post("/warehouse/picklists", " ", picklist(newOrder()));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("invalid_request");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(warehouse().picklists()).isEmpty();
    }

    @Test
    void a_refused_picklist_is_not_remembered_so_a_corrected_retry_with_the_same_key_is_accepted() throws Exception {
        String key = newKey();
        String order = newOrder();

        Answer invalid = client.post("/warehouse/picklists", key, picklist(order, 0, receiver.url()));
        Answer valid = client.post("/warehouse/picklists", key, picklist(order));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(valid.status()).isEqualTo(202);
        assertThat(valid.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void a_picklist_without_an_address_is_accepted() throws Exception {
        Answer accepted = client.post("/warehouse/picklists", newKey(),
                "{\"orderReference\":\"o-1\"," + LINES + "," + CALLBACK + "}");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(warehouse().picklists().get(0).shipTo()).isNull();
    }

    @Test
    void unknown_warehouse_paths_and_methods_answer_json_errors() throws Exception {
        assertThat(client.get("/warehouse/nothing").status()).isEqualTo(404);
        assertThat(client.get("/warehouse/picklists/pck_unknown").status()).isEqualTo(404);
        assertThat(client.post("/warehouse/deliveries", "k", "").status()).isEqualTo(405);
        assertThat(client.get("/admin/warehouse/redeliver?orderReference=o-1").status()).isEqualTo(405);
        assertThat(client.get("/admin/warehouse/nothing").status()).isEqualTo(404);
    }
}
