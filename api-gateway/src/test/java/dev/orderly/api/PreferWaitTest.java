package dev.orderly.api;

import dev.orderly.gateway.PreferWait;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PreferWaitTest {

    private static final Duration MAX = Duration.ofSeconds(10);

    @Test
    void reads_the_wait_preference_among_others() {
        assertThat(PreferWait.parse("wait=5", MAX)).contains(Duration.ofSeconds(5));
        assertThat(PreferWait.parse("respond-async, WAIT = 3", MAX)).contains(Duration.ofSeconds(3));
        assertThat(PreferWait.parse("return=minimal; foo=bar, wait=0", MAX)).contains(Duration.ZERO);
    }

    @Test
    void caps_the_wait_at_the_servers_limit() {
        assertThat(PreferWait.parse("wait=3600", MAX)).contains(MAX);
    }

    @Test
    void ignores_what_it_cannot_read() {
        assertThat(PreferWait.parse(null, MAX)).isEmpty();
        assertThat(PreferWait.parse("wait=soon", MAX)).isEmpty();
        assertThat(PreferWait.parse("wait=-1", MAX)).isEmpty();
        assertThat(PreferWait.parse("wait=99999999999", MAX)).isEmpty();
        assertThat(PreferWait.parse("respond-async", MAX)).isEmpty();
    }

    @Test
    void says_which_wait_it_applied() {
        assertThat(PreferWait.applied(Duration.ofSeconds(7))).isEqualTo("wait=7");
    }
}
