package dev.sandbox.payment;

import dev.sandbox.SandboxClient;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

/** One sandbox per test class, on a free port, with short delays; reset before every test. */
abstract class PaymentSandboxTestBase {

    /** A token of the success card; tokens outlast the reset before every test. */
    static String successToken;

    static SandboxServer sandbox;
    static SandboxClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxSettings.onFreePort()
                .withSlowAnswerDelay(Duration.ofSeconds(3))
                .withSlowCardDelay(Duration.ofMillis(200)));
        client = new SandboxClient(sandbox.baseUri());
        successToken = token(MagicCard.SUCCESS);
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

    /** A new token of the magic card, made over HTTP. */
    static String token(MagicCard card) {
        try {
            return client.token(card.number());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    static String newOrder() {
        return "order-" + UUID.randomUUID();
    }
}
