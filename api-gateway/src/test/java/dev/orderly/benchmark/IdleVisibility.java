package dev.orderly.benchmark;

import dev.orderly.support.TestApi;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * S7: on an idle app, how long a customer waits for a reservation's decision (the {@code 202}), and how much longer
 * until reading it back shows that decision. One reservation at a time, each on a fresh resource, with the app's
 * processors at the head before each: nothing else is going on, so the gap between the two is what the app adds
 * between deciding and showing.
 */
final class IdleVisibility {

    record Result(Latencies decided, Latencies visible, int missed) {
    }

    private final TestApi operator;
    private final TimedReservations reservations;

    IdleVisibility(int port, DataSource database) {
        this.operator = new TestApi(port);
        this.reservations = new TimedReservations(port, database);
    }

    /** {@code idle} waits until the app has nothing left to do; it runs before each sample. */
    Result measure(int samples, Runnable idle) throws Exception {
        List<Double> decided = new ArrayList<>();
        List<Double> visible = new ArrayList<>();
        int missed = 0;
        for (int i = 0; i < samples; i++) {
            String resource = operator.registerResource("idle " + i, 10);
            idle.run();
            TimedReservations.Timing timing = reservations.decideAndSee(resource, Duration.ofSeconds(30));
            if (Double.isNaN(timing.decidedMillis()) || Double.isNaN(timing.visibleMillis())) {
                missed++;
                continue;
            }
            decided.add(timing.decidedMillis());
            visible.add(timing.visibleMillis());
        }
        return new Result(Latencies.of(decided), Latencies.of(visible), missed);
    }
}
