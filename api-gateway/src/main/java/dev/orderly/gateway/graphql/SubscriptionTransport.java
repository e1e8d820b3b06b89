package dev.orderly.gateway.graphql;

import dev.orderly.gateway.problem.ApiProblem;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * A subscription needs a stream to be delivered on: the GraphQL WebSocket or Server-Sent Events
 * ({@code Accept: text/event-stream}). Sent as a plain JSON request, Spring GraphQL would answer the subscription's
 * publisher serialised and never subscribe to it, so the stream's place under
 * {@code orderly.live.max-streams-per-caller} would never be given back: a caller could lock themselves out of live
 * status on a node for good. Such a request is refused before it runs, {@code 400 invalid-request}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class SubscriptionTransport implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest || acceptsEventStream(request)
                || !isSubscription(request.getDocument(), request.getOperationName())) {
            return chain.next(request);
        }
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "a subscription is delivered "
                + "on a stream: open the GraphQL WebSocket (graphql-transport-ws) or send Accept: text/event-stream");
        ExecutionResult refused = ExecutionResult.newExecutionResult()
                .addError(GraphQlProblems.error(problem, GraphqlErrorBuilder.newError())).build();
        return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
                refused)));
    }

    private static boolean acceptsEventStream(WebGraphQlRequest request) {
        return request.getHeaders().getAccept().stream()
                .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType());
    }

    /** Whether the operation that would run is a subscription; a document that does not parse is left to GraphQL. */
    static boolean isSubscription(String document, String operationName) {
        if (document == null || !document.contains("subscription")) {
            return false;
        }
        Document parsed;
        try {
            parsed = Parser.parse(document);
        } catch (InvalidSyntaxException unparsable) {
            return false;
        }
        List<OperationDefinition> operations = parsed.getDefinitionsOfType(OperationDefinition.class);
        return operations.stream()
                .filter(operation -> operationName == null ? operations.size() == 1
                        : operationName.equals(operation.getName()))
                .anyMatch(operation -> operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
    }
}
