package dev.orderly.saga.warehouse;

import dev.orderly.saga.effect.EffectProperties;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The warehouse client against the sandbox's warehouse, over real HTTP; its shipping is held, so nothing ships. */
class HttpWarehouseTest {

    private static final String CALLBACK = "https://orderly.example/api/webhooks/warehouse";
    private static SandboxServer sandbox;

    private final Picklist picklist = new Picklist("order-1", List.of(new Picklist.Line("sku-table", 2)),
            new Picklist.Address("Erika Mustermann", "Hauptstr. 1", "Berlin", "10115", "DE"));

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxSettings.onFreePort());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void holdShipping() {
        sandbox.reset();
        sandbox.warehouse().setHold(true);
    }

    @Test
    void a_picklist_reaches_the_warehouse_with_its_callback_and_a_repeat_under_its_key_names_the_same_picklist()
            throws Exception {
        Warehouse warehouse = warehouse(sandbox.baseUri().toString(), CALLBACK, new MockEnvironment());

        String first = warehouse.submit("orderly-picklist-order-1-1", picklist);
        String repeat = warehouse.submit("orderly-picklist-order-1-1", picklist);

        assertThat(repeat).isEqualTo(first).startsWith("pck_");
        assertThat(sandbox.warehouse().picklists()).singleElement().satisfies(received -> {
            assertThat(received.picklistId()).isEqualTo(first);
            assertThat(received.idempotencyKey()).isEqualTo("orderly-picklist-order-1-1");
            assertThat(received.orderReference()).isEqualTo("order-1");
            assertThat(received.lines()).extracting(line -> line.sku() + "x" + line.quantity())
                    .containsExactly("sku-tablex2");
            assertThat(received.shipTo().city()).isEqualTo("Berlin");
            assertThat(received.callbackUrl()).isEqualTo(CALLBACK);
        });
    }

    @Test
    void without_a_configured_callback_the_notice_comes_back_to_this_nodes_own_webhook() throws Exception {
        MockEnvironment node = new MockEnvironment().withProperty("local.server.port", "18080");

        warehouse(sandbox.baseUri().toString(), "", node).submit("orderly-picklist-order-1-1", picklist);

        assertThat(sandbox.warehouse().picklists()).singleElement().satisfies(received ->
                assertThat(received.callbackUrl()).isEqualTo("http://localhost:18080/api/webhooks/warehouse"));
    }

    @Test
    void a_refused_picklist_fails_with_the_warehouses_answer_and_creates_nothing() {
        Picklist empty = new Picklist("order-1", List.of(new Picklist.Line("sku-table", 0)), picklist.shipTo());
        Warehouse warehouse = warehouse(sandbox.baseUri().toString(), CALLBACK, new MockEnvironment());

        assertThatThrownBy(() -> warehouse.submit("orderly-picklist-order-1-1", empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("warehouse answered 400")
                .hasMessageContaining("quantity");
        assertThat(sandbox.warehouse().picklists()).isEmpty();
    }

    @Test
    void a_warehouse_that_cannot_be_reached_is_an_io_failure_its_job_retries() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Warehouse warehouse = warehouse("http://localhost:" + closed, CALLBACK, new MockEnvironment());

        assertThatThrownBy(() -> warehouse.submit("orderly-picklist-order-1-1", picklist))
                .isInstanceOf(IOException.class);
    }

    private static Warehouse warehouse(String baseUrl, String callbackUrl, MockEnvironment environment) {
        return new HttpWarehouse(new EffectProperties("orders@orderly.test", "orderly.test", baseUrl, callbackUrl,
                Duration.ofSeconds(5), 20, Duration.ofSeconds(1), Duration.ofMinutes(1)), environment);
    }
}
