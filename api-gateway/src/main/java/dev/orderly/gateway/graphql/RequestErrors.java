package dev.orderly.gateway.graphql;

import dev.orderly.gateway.problem.ApiProblem;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives the errors graphql-java raises before anything runs (a syntax error, an unknown field, a value that is no
 * UUID, a query over the depth or complexity limit) the same {@code type} and {@code status} extensions as the errors
 * of data fetchers, so that a client branches on one shape. They are bad input: {@code 400}, never a 5xx.
 */
@Component
class RequestErrors implements WebGraphQlInterceptor {

    static final String TOO_COMPLEX = "query-too-complex";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            boolean allTyped = errors.stream()
                    .allMatch(error -> error.getExtensions() != null && error.getExtensions().containsKey("type"));
            return allTyped ? response : response.transform(result -> result.errors(withProblemTypes(errors)));
        });
    }

    private static List<GraphQLError> withProblemTypes(List<? extends GraphQLError> errors) {
        return errors.stream().map(error -> {
            Map<String, Object> extensions = error.getExtensions() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(error.getExtensions());
            if (extensions.containsKey("type")) {
                return (GraphQLError) error;
            }
            boolean aborted = error.getErrorType() == ErrorType.ExecutionAborted;
            boolean badInput = aborted || error.getErrorType() == ErrorType.ValidationError
                    || error.getErrorType() == ErrorType.InvalidSyntax
                    || error.getErrorType() == ErrorType.OperationNotSupported;
            String code = aborted ? TOO_COMPLEX : badInput ? "invalid-request" : "internal-error";
            extensions.put("type", ApiProblem.type(code).toString());
            extensions.put("status", badInput ? 400 : 500);
            return GraphqlErrorBuilder.newError().message(error.getMessage()).locations(error.getLocations())
                    .path(error.getPath()).errorType(error.getErrorType()).extensions(extensions).build();
        }).toList();
    }
}
