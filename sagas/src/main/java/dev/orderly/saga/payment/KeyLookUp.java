package dev.orderly.saga.payment;

/**
 * What a look-up by idempotency key learnt from the provider. A look-up that could not be made is a third answer of
 * its own, not "nothing found": a charge whose answer was lost may exist, so it must never lead to a second call.
 */
sealed interface KeyLookUp {

    /** The provider has a payment under the key, in this state. */
    record Found(ProviderPayment payment) implements KeyLookUp {
    }

    /** The provider answered that it has no payment under the key. */
    record NotFound() implements KeyLookUp {
    }

    /** The provider could not be asked; nothing is known. */
    record Unknown() implements KeyLookUp {
    }
}
