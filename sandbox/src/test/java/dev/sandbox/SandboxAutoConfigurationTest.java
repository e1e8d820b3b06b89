package dev.sandbox;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SandboxAutoConfiguration.class));

    @Test
    void the_sandbox_is_not_started_unless_embedded_is_true() {
        runner.run(context -> assertThat(context).doesNotHaveBean(SandboxServer.class));
        runner.withPropertyValues("sandbox.embedded=false")
                .run(context -> assertThat(context).doesNotHaveBean(SandboxServer.class));
    }

    @Test
    void an_embedded_sandbox_starts_with_the_sandbox_properties_and_stops_with_the_context() {
        AtomicInteger port = new AtomicInteger();
        AtomicInteger smtpPort = new AtomicInteger();
        runner.withPropertyValues("sandbox.embedded=true", "sandbox.port=0", "sandbox.dedupe=false",
                        "sandbox.slow-answer-delay=3s", "sandbox.slow-card-delay=150ms", "sandbox.smtp-port=0",
                        "sandbox.ship-delay=250ms", "sandbox.webhook-secret=embedded-secret")
                .run(context -> {
                    SandboxServer server = context.getBean(SandboxServer.class);
                    port.set(server.port());
                    smtpPort.set(server.smtpPort());
                    assertThat(server.smtpPort()).isPositive();
                    assertThat(server.settings().shipDelay()).isEqualTo(Duration.ofMillis(250));
                    assertThat(server.settings().webhookSecret()).isEqualTo("embedded-secret");
                    assertThat(server.warehouse().shipDelay()).isEqualTo(Duration.ofMillis(250));
                    assertThat(server.settings().dedupeEnabled()).isFalse();
                    assertThat(server.settings().slowAnswerDelay()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(server.settings().slowCardDelay()).isEqualTo(Duration.ofMillis(150));
                    assertThat(server.payments().isDedupeEnabled()).isFalse();
                    assertThat(new SandboxClient(server.baseUri()).get("/admin/health").status()).isEqualTo(200);
                });

        // A freed port may be taken by another process at once; what must be gone is the sandbox behind it.
        assertThat(greeting(port.get(), "GET /admin/health HTTP/1.0\r\n\r\n")).as("HTTP port")
                .doesNotContain("UP");
        assertThat(greeting(smtpPort.get(), "")).as("SMTP port").doesNotContain("GreenMail");
    }

    /** What answers on a port, or an empty string when nothing does. */
    private static String greeting(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[512];
            int read = socket.getInputStream().read(buffer);
            return read <= 0 ? "" : new String(buffer, 0, read, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException nothingThere) {
            return "";
        }
    }

    @Test
    void the_embedded_sandbox_defaults_to_port_8091_smtp_port_3025_and_the_standard_delays() {
        SandboxSettings settings = SandboxAutoConfiguration.settings(
                new org.springframework.boot.context.properties.bind.Binder());

        assertThat(settings).isEqualTo(SandboxSettings.defaults());
        assertThat(settings.smtpPort()).isEqualTo(3025);
    }
}
