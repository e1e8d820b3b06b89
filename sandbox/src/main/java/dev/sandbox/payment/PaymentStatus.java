package dev.sandbox.payment;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The life of a payment at the provider. */
public enum PaymentStatus {
    /** Funds are held; a capture or a cancel decides. */
    AUTHORIZED,
    /** Money moved; refunds are possible. */
    CAPTURED,
    /** The card was refused; nothing moved. */
    DECLINED,
    /** The authorization was released without a capture. */
    CANCELED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
