package dev.orderly.saga.payment;

/** A payment job could not finish now and is to run again after a back-off. Not an error: an expected outcome. */
class RetryLaterException extends RuntimeException {

    RetryLaterException(String reason) {
        super(reason, null, false, false);
    }
}
