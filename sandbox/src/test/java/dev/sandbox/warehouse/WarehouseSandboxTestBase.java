package dev.sandbox.warehouse;

import dev.sandbox.SandboxClient;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.UUID;

/**
 * One sandbox and one callback receiver per test class, on free ports, with a short ship delay and a test webhook
 * secret; both are reset before every test.
 */
abstract class WarehouseSandboxTestBase {

    static final String SECRET = "test-webhook-secret";
    static final Duration SHIP_DELAY = Duration.ofMillis(150);

    static SandboxServer sandbox;
    static SandboxClient client;
    static CallbackReceiver receiver;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxSettings.onFreePort()
                .withShipDelay(SHIP_DELAY)
                .withWebhookSecret(SECRET));
        client = new SandboxClient(sandbox.baseUri());
        receiver = new CallbackReceiver();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        receiver.close();
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
        receiver.clear();
    }

    WarehouseSimulator warehouse() {
        return sandbox.warehouse();
    }

    static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    static String newOrder() {
        return "order-" + UUID.randomUUID();
    }

    /** A valid picklist for the order: two lines, a German address, the test receiver as callback. */
    static String picklist(String order) {
        return picklist(order, 2, receiver.url());
    }

    static String picklist(String order, int quantity, String callbackUrl) {
        return """
                {"orderReference":"%s",
                 "lines":[{"sku":"SKU-1","quantity":%d},{"sku":"SKU-2","quantity":1}],
                 "shipTo":{"name":"Erika Mustermann","street":"Hauptstr. 1","city":"Berlin","postalCode":"10115",
                           "country":"DE"},
                 "callbackUrl":"%s"}""".formatted(order, quantity, callbackUrl);
    }
}
