package dev.orderly.axon.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackOffTest {

    private final BackOff exact = BackOff.exact(Duration.ofMillis(400), Duration.ofSeconds(30));

    @Test
    void an_exact_back_off_doubles_from_the_first_pause_and_stops_at_the_cap() {
        assertThat(IntStream.rangeClosed(1, 9).mapToLong(failures -> exact.delay(failures).toMillis()).toArray())
                .containsExactly(400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 30_000L, 30_000L);
    }

    @Test
    void the_jitter_takes_at_most_its_share_off_and_never_adds() {
        BackOff jittered = new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5);
        IntStream.range(0, 1_000).forEach(i -> {
            assertThat(jittered.delay(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(jittered.delay(10)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        });
    }

    @Test
    void huge_attempt_numbers_and_huge_pauses_do_not_overflow() {
        BackOff huge = BackOff.exact(Duration.ofDays(365), Duration.ofDays(3650));
        assertThat(huge.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(3650));
        assertThat(exact.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(BackOff.exact(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE)).delay(Integer.MAX_VALUE))
                .isEqualTo(Duration.ofMillis(1L << 62));
    }

    @Test
    void a_pause_is_never_below_a_millisecond_nor_counted_from_before_the_first_failure() {
        assertThat(BackOff.exact(Duration.ZERO, Duration.ZERO).delay(1)).isEqualTo(Duration.ofMillis(1));
        assertThat(new BackOff(Duration.ofMillis(1), Duration.ofMillis(1), 1).delay(1)).isEqualTo(Duration.ofMillis(1));
        assertThat(exact.delay(0)).isEqualTo(exact.delay(1));
        assertThat(exact.delay(-5)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void a_back_off_that_cannot_be_meant_is_refused() {
        assertThatThrownBy(() -> BackOff.exact(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
