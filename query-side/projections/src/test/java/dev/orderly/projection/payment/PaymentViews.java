package dev.orderly.projection.payment;

import dev.orderly.projection.ReadModelDatabase;

/** The payment view for tests outside its package. */
public final class PaymentViews {

    private PaymentViews() {
    }

    public static Object projection(ReadModelDatabase database) {
        return new PaymentViewProjection(database.jdbc(), database.writes());
    }
}
