package dev.orderly.saga.effect;

import dev.orderly.axon.job.BackOff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The pauses between tries of a job row that cannot be read: from the job's longest, doubling, up to an hour. */
class UnreadablePauseTest {

    private static final BackOff JOB = new BackOff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.5);
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void the_first_try_waits_the_jobs_longest_pause() {
        assertThat(LedgerTasks.unreadablePause(null, NOW, JOB)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void each_next_pause_is_twice_the_one_before_up_to_an_hour() {
        assertThat(LedgerTasks.unreadablePause(NOW.minus(Duration.ofMinutes(5)), NOW, JOB))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(LedgerTasks.unreadablePause(NOW.minus(Duration.ofMinutes(40)), NOW, JOB))
                .isEqualTo(Duration.ofHours(1));
        assertThat(LedgerTasks.unreadablePause(NOW.minus(Duration.ofDays(3)), NOW, JOB))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void never_shorter_than_the_jobs_longest_pause_nor_longer_than_an_hour() {
        assertThat(LedgerTasks.unreadablePause(NOW.minusSeconds(1), NOW, JOB)).isEqualTo(Duration.ofMinutes(5));
        assertThat(LedgerTasks.unreadablePause(NOW.plusSeconds(1), NOW, JOB)).isEqualTo(Duration.ofMinutes(5));
        BackOff slow = new BackOff(Duration.ofMinutes(1), Duration.ofHours(6), 0);
        assertThat(LedgerTasks.unreadablePause(null, NOW, slow)).isEqualTo(Duration.ofHours(1));
    }
}
