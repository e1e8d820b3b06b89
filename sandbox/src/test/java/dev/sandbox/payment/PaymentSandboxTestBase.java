package dev.sandbox.payment;

import dev.sandbox.SandboxClient;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.UUID;

/** One sandbox per test class, on a free port, with short delays; reset before every test. */
abstract class PaymentSandboxTestBase {

    static final String SUCCESS = MagicCard.SUCCESS.number();

    static SandboxServer sandbox;
    static SandboxClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxSettings.onFreePort()
                .withSlowAnswerDelay(Duration.ofSeconds(3))
                .withSlowCardDelay(Duration.ofMillis(200)));
        client = new SandboxClient(sandbox.baseUri());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
    }

    PaymentSimulator provider() {
        return sandbox.payments();
    }

    static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    static String newOrder() {
        return "order-" + UUID.randomUUID();
    }
}
