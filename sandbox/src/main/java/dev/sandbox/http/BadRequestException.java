package dev.sandbox.http;

/** A request the sandbox refuses with 400 before it changes anything. */
public class BadRequestException extends RuntimeException {

    private final String error;

    public BadRequestException(String error, String message) {
        super(message);
        this.error = error;
    }

    public String error() {
        return error;
    }

    public Reply toReply() {
        return Reply.error(400, error, getMessage());
    }
}
