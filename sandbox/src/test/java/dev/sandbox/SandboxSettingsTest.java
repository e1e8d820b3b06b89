package dev.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxSettingsTest {

    @Test
    void the_defaults_are_port_8091_dedupe_on_a_30_second_slow_answer_and_a_2_second_slow_card() {
        SandboxSettings defaults = SandboxSettings.fromArgs();

        assertThat(defaults.port()).isEqualTo(8091);
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.withHost(" ").host()).as("blank").isEqualTo("127.0.0.1");
        assertThat(defaults.dedupeEnabled()).isTrue();
        assertThat(defaults.slowAnswerDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.slowCardDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.threads()).isEqualTo(32);
    }

    @Test
    void command_line_options_override_the_defaults() {
        SandboxSettings settings = SandboxSettings.fromArgs("--port=0", "--dedupe=false",
                "--slow-answer-delay=5s", "--slow-card-delay=250ms", "--threads=4", "--host=127.0.0.1");

        assertThat(settings).isEqualTo(new SandboxSettings("127.0.0.1", 0, false, Duration.ofSeconds(5),
                Duration.ofMillis(250), 4));
    }

    @Test
    void the_warehouse_and_smtp_sink_default_to_a_5_second_ship_delay_port_3025_and_the_sandbox_secret() {
        SandboxSettings defaults = SandboxSettings.fromArgs();

        assertThat(defaults.smtpPort()).isEqualTo(3025);
        assertThat(defaults.shipDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.webhookSecret()).isEqualTo("sandbox-webhook-secret");
        assertThat(SandboxSettings.onFreePort().port()).isZero();
        assertThat(SandboxSettings.onFreePort().smtpPort()).isZero();
    }

    @Test
    void the_warehouse_and_smtp_options_are_read_from_the_command_line() {
        SandboxSettings settings = SandboxSettings.fromArgs("--smtp-port=0", "--ship-delay=250ms",
                "--webhook-secret=s3cr3t");

        assertThat(settings).isEqualTo(SandboxSettings.defaults().withSmtpPort(0)
                .withShipDelay(Duration.ofMillis(250)).withWebhookSecret("s3cr3t"));
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--smtp-port=-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--ship-delay=later"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--webhook-secret="))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations_are_read_with_a_unit_as_plain_milliseconds_or_in_iso_8601() {
        assertThat(SandboxSettings.parseDuration("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SandboxSettings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SandboxSettings.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(SandboxSettings.parseDuration("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void an_unknown_option_or_a_bad_value_is_refused() {
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--colour=red"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--port=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--port=70000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--dedupe=maybe"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("--slow-card-delay=soon"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.fromArgs("port")).isInstanceOf(IllegalArgumentException.class);
    }
}
