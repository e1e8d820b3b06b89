package dev.orderly.gateway.problem;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Refusal;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.http.HttpStatus;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An error the API answers with an RFC 9457 problem body. The {@code code} is stable: it becomes the last segment of
 * the problem {@code type}, which clients may branch on.
 */
public class ApiProblem extends RuntimeException {

    public static final String TYPE_BASE = "https://orderly.dev/problems/";

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " does not exist");
    }

    /** The refusal a command handler answered with, as a {@code 409} with the refusal's code, if there is one. */
    public static Optional<ApiProblem> refusal(CommandExecutionException failure) {
        Refusal refusal = failure instanceof CommandRefusedException refused ? refused.refusal()
                : failure.getDetails().orElse(null) instanceof Refusal details ? details : null;
        return Optional.ofNullable(refusal)
                .map(found -> new ApiProblem(HttpStatus.CONFLICT, found.code(), found.detail()));
    }

    /** Adds a member to the problem body (a GraphQL error's extensions), such as the current price it refers to. */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public static URI type(String code) {
        return URI.create(TYPE_BASE + code);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
