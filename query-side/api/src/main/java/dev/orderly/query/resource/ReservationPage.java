package dev.orderly.query.resource;

import java.util.List;

/** A page of reservations in id order. */
public record ReservationPage(List<ReservationView> items) {
}
