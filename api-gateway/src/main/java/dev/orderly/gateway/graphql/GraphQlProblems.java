package dev.orderly.gateway.graphql;

import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.gateway.problem.ApiProblem;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure in a data fetcher or a subscription into a GraphQL error that says what REST would: extensions
 * {@code type} (the problem type URI), {@code status} (the HTTP status) and {@code classification}. Bad input is a
 * {@code BAD_REQUEST}; an unexpected failure is logged and answered without its internals.
 */
@Component
class GraphQlProblems extends DataFetcherExceptionResolverAdapter {

    /** Classifications for the statuses Spring's {@link ErrorType} has no name for. */
    enum OrderlyErrorType implements ErrorClassification { CONFLICT, UNAVAILABLE, TOO_MANY_REQUESTS }

    private static final Logger log = LoggerFactory.getLogger(GraphQlProblems.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment environment) {
        return error(failure, GraphqlErrorBuilder.newError(environment));
    }

    /** The same mapping for an error a subscription's stream ends with. */
    @Component
    static class Subscriptions extends SubscriptionExceptionResolverAdapter {

        @Override
        protected GraphQLError resolveToSingleError(Throwable failure) {
            return error(failure, GraphqlErrorBuilder.newError());
        }
    }

    static GraphQLError error(Throwable thrown, GraphqlErrorBuilder<?> builder) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof CommandExecutionException command && ApiProblem.refusal(command).isPresent()) {
            failure = ApiProblem.refusal(command).get();
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        ApiProblem problem = problem(failure, extensions);
        if (problem instanceof IntakeGuard.IntakePausedException paused) {
            extensions.put("retryAfter", paused.retryAfterSeconds());
        } else if ("busy".equals(problem.code())) {
            extensions.put("retryAfter", 1);
        }
        extensions.putAll(problem.properties());
        extensions.put("type", ApiProblem.type(problem.code()).toString());
        extensions.put("status", problem.status().value());
        return builder.errorType(classification(problem.status())).message(problem.getMessage())
                .extensions(extensions).build();
    }

    private static ApiProblem problem(Throwable failure, Map<String, Object> extensions) {
        if (failure instanceof ApiProblem known) {
            return known;
        }
        if (failure instanceof ErrorResponse answer && answer.getBody().getType() != null
                && answer.getBody().getType().toString().startsWith(ApiProblem.TYPE_BASE)) {
            // a problem REST answers with headers, such as too-many-streams with its Retry-After
            String retryAfter = answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
            if (retryAfter != null) {
                extensions.put("retryAfter", Long.parseLong(retryAfter));
            }
            return new ApiProblem(HttpStatus.valueOf(answer.getStatusCode().value()),
                    answer.getBody().getType().toString().substring(ApiProblem.TYPE_BASE.length()),
                    answer.getBody().getDetail());
        }
        if (failure instanceof ConstraintViolationException invalid) {
            extensions.put("errors", invalid.getConstraintViolations().stream()
                    .map(violation -> Map.of("field", violation.getPropertyPath().toString(),
                            "message", violation.getMessage()))
                    .toList());
            return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "the request has invalid fields");
        }
        if (failure instanceof BindException invalid) {
            extensions.put("errors", invalid.getFieldErrors().stream()
                    .map(error -> Map.of("field", error.getField(), "message", "has an invalid value"))
                    .toList());
            return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "the request has invalid fields");
        }
        if (failure instanceof TimeoutException) {
            return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "the request took too long; it may still complete, retry later with the same id");
        }
        if (failure instanceof AccessDeniedException) {
            return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "this operation needs the OPS role");
        }
        log.error("Unexpected failure answering a GraphQL request", failure);
        return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the request could not be completed; it has been logged");
    }

    static ErrorClassification classification(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, UNPROCESSABLE_ENTITY -> ErrorType.BAD_REQUEST;
            case UNAUTHORIZED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case CONFLICT -> OrderlyErrorType.CONFLICT;
            case TOO_MANY_REQUESTS -> OrderlyErrorType.TOO_MANY_REQUESTS;
            case SERVICE_UNAVAILABLE -> OrderlyErrorType.UNAVAILABLE;
            default -> ErrorType.INTERNAL_ERROR;
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
