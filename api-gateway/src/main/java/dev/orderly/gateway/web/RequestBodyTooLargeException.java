package dev.orderly.gateway.web;

import dev.orderly.gateway.problem.ApiProblem;
import org.springframework.http.HttpStatus;

import java.io.IOException;

/**
 * A request body went past its limit while it was read. It is an {@link IOException} so that it travels out of
 * whatever was reading (Jackson, a message converter, GraphQL's handler) like the failed read it is; the problem
 * handlers find it among the causes and answer {@code 413 payload-too-large}, never a 400 or a 500.
 */
public class RequestBodyTooLargeException extends IOException {

    public static final String CODE = "payload-too-large";

    private final long limit;

    public RequestBodyTooLargeException(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /** The answer to a body over {@code limit} bytes, whether it was found out by reading or by its length. */
    public static ApiProblem problem(long limit) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, CODE,
                "the request body is larger than the limit of " + limit + " bytes").with("maxBytes", limit);
    }

    public ApiProblem problem() {
        return problem(limit);
    }
}
