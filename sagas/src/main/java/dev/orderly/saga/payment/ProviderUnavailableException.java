package dev.orderly.saga.payment;

/** The provider could not be asked; whatever the question was, its answer is unknown. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
