package dev.orderly.command.payment;

/** What an operator found out about a payment that needed attention. */
public enum ManualResolution {
    /** The provider took the money: the payment counts as captured. */
    CAPTURED,
    /** No money was taken, or it was given back outside Orderly: the payment counts as cancelled. */
    NOT_CHARGED
}
