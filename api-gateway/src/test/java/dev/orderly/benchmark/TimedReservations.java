package dev.orderly.benchmark;

import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.support.TestApi;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * One reservation over HTTP, timed as its customer feels it. <em>Decided</em>: the command side has decided it. The
 * {@code 202} waits for that (up to the app's {@code orderly.consistency.accept-wait}) and then carries a
 * {@code Consistency-Token}; a {@code 202} without one came back undecided, and the decision is then watched in the
 * outbox's row, which is what the accept-wait itself waits on. <em>Visible</em>: {@code GET /api/reservations/{id}}
 * no longer says {@code PENDING}, read in a tight loop.
 */
final class TimedReservations {

    /** Milliseconds from the POST sent; {@code NaN} for what did not happen within the timeout. */
    record Timing(double decidedMillis, double visibleMillis) {
    }

    /** A poll's pause: short against any figure measured, long enough not to starve the app of a core. */
    private static final long POLL_PAUSE_NANOS = 200_000;

    private final TestApi customer;
    private final DataSource database;

    TimedReservations(int port, DataSource database) {
        this.customer = TestApi.as(port, "alice");
        this.database = database;
    }

    /** Reserves one unit and answers how long its decision took, or {@code NaN} after {@code timeout}. */
    double decide(String resource, Duration timeout) throws SQLException {
        return reserve(resource, timeout, false).decidedMillis();
    }

    /** Reserves one unit and answers how long until it was decided and until the read model showed the decision. */
    Timing decideAndSee(String resource, Duration timeout) throws SQLException {
        return reserve(resource, timeout, true);
    }

    private Timing reserve(String resource, Duration timeout, boolean untilVisible) throws SQLException {
        String reservation = UUID.randomUUID().toString();
        long sent = System.nanoTime();
        long giveUp = sent + timeout.toNanos();
        TestApi.Response accepted = customer.post("/api/resources/" + resource + "/reservations",
                "{\"reservationId\":\"" + reservation + "\",\"quantity\":1}");
        long answered = System.nanoTime();
        if (accepted.status() != 202) {
            throw new IllegalStateException("reservation not accepted: " + accepted);
        }
        long decided = accepted.header(ReadYourWrites.TOKEN) != null ? answered
                : awaitDecision("reserve:" + reservation, giveUp);
        if (!untilVisible || decided < 0) {
            return new Timing(millis(sent, decided), Double.NaN);
        }
        while (System.nanoTime() < giveUp) {
            TestApi.Response read = customer.get("/api/reservations/" + reservation);
            long now = System.nanoTime();
            if (read.status() == 200 && !"PENDING".equals(read.text("status"))) {
                return new Timing(millis(sent, decided), millis(sent, now));
            }
            LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
        return new Timing(millis(sent, decided), Double.NaN);
    }

    /** When the outbox row of the command left {@code PENDING}, or -1 if it had not by {@code giveUp}. */
    private long awaitDecision(String commandId, long giveUp) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT status FROM accepted_command WHERE command_id = ?")) {
            query.setString(1, commandId);
            while (System.nanoTime() < giveUp) {
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && !"PENDING".equals(row.getString(1))) {
                        return System.nanoTime();
                    }
                }
                LockSupport.parkNanos(POLL_PAUSE_NANOS);
            }
        }
        return -1;
    }

    private static double millis(long from, long to) {
        return to < 0 ? Double.NaN : (to - from) / 1e6;
    }
}
