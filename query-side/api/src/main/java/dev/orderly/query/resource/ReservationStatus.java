package dev.orderly.query.resource;

public enum ReservationStatus {
    /** Accepted, awaiting the resource's decision. */
    PENDING,
    /** The resource holds the units. */
    CONFIRMED,
    /** The resource refused; the reason says why. Nothing is held. */
    REJECTED,
    /** The units were held and have been given back. */
    RELEASED
}
