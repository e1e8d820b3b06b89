package dev.orderly.gateway.ratelimit;

import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.ConnectionInitAuthentication;
import graphql.ErrorClassification;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.instrumentation.ExecutionStrategyInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.language.OperationDefinition;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GraphQL mutations draw from the same per-caller budget as REST commands, one token per mutation field that would
 * run: a document of 25 aliased {@code reserve} fields takes 25. The whole document's tokens are taken at once, after
 * validation and every other instrumentation's operation checks (depth, complexity), so a document they refuse costs
 * nothing, and before the first field executes. If the budget cannot pay for all of it, nothing runs: the document
 * is answered with one error of classification {@code TOO_MANY_REQUESTS}, type {@code rate-limited}, status 429 and
 * {@code retryAfter}, over HTTP with status {@code 429} ({@link RateLimitedGraphQlHttpHandler}) and the rate-limit
 * fields. Queries and subscriptions are not limited, like REST reads.
 *
 * <p>As an interceptor it names the caller (over HTTP from the request's security context, over a WebSocket whom its
 * {@code connection_init} or its handshake proved) in the execution's context for the instrumentation, and copies the
 * verdict's fields onto the HTTP response. It is the outermost interceptor, so that no other one rebuilds the
 * response after it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class GraphQlMutationBudget implements WebGraphQlInterceptor, Instrumentation {

    /** The caller whose budget pays, in the execution's {@link GraphQLContext}. */
    private static final String CALLER = GraphQlMutationBudget.class.getName() + ".caller";
    /** The verdict on the document's mutations, in the execution's {@link GraphQLContext}. */
    static final String VERDICT = GraphQlMutationBudget.class.getName() + ".verdict";

    /** The same classification as the REST problem's 429 gets from GraphQL's error mapping. */
    private enum Classification implements ErrorClassification { TOO_MANY_REQUESTS }

    private final RateLimitBuckets buckets;

    GraphQlMutationBudget(RateLimitBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!buckets.enabled()) {
            return chain.next(request);
        }
        String address = address(request.getRemoteAddress());
        if (request instanceof WebSocketGraphQlRequest socket) {
            return ConnectionInitAuthentication.caller(socket.getSessionInfo())
                    .map(principal -> RateLimitBuckets.caller(principal, address))
                    .defaultIfEmpty(RateLimitBuckets.caller(null, address))
                    .flatMap(caller -> execute(caller, request, chain));
        }
        // Over HTTP this runs on the request's thread, where Spring Security has put the caller.
        return execute(RateLimitBuckets.caller(SecurityContextHolder.getContext().getAuthentication(), address),
                request, chain);
    }

    private static Mono<WebGraphQlResponse> execute(String caller, WebGraphQlRequest request, Chain chain) {
        request.configureExecutionInput((input, builder) -> {
            input.getGraphQLContext().put(CALLER, caller);
            return input;
        });
        return chain.next(request).map(response -> {
            if (response.getExecutionInput().getGraphQLContext().get(VERDICT) instanceof Verdict verdict) {
                verdict.writeHeaders(response.getResponseHeaders()::set);
            }
            return response;
        });
    }

    @Override
    public ExecutionStrategyInstrumentationContext beginExecutionStrategy(
            InstrumentationExecutionStrategyParameters parameters, InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        ExecutionStrategyParameters top = parameters.getExecutionStrategyParameters();
        String caller = execution.getGraphQLContext().get(CALLER);
        if (caller == null || execution.getOperationDefinition().getOperation() != OperationDefinition.Operation.MUTATION
                || !top.getPath().isRootPath()) {
            return ExecutionStrategyInstrumentationContext.NOOP;
        }
        // The fields as graphql-java will run them: fragments spread, @skip and @include applied, one per alias.
        long mutations = top.getFields().getSubFieldsList().stream()
                .filter(field -> !field.getName().startsWith("__"))
                .count();
        if (mutations == 0) {
            return ExecutionStrategyInstrumentationContext.NOOP;
        }
        Verdict verdict = buckets.take(buckets.commands(), caller, mutations);
        execution.getGraphQLContext().put(VERDICT, verdict);
        if (!verdict.granted()) {
            throw new AbortExecutionException(List.of(error(verdict)));
        }
        return ExecutionStrategyInstrumentationContext.NOOP;
    }

    private static GraphQLError error(Verdict verdict) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (verdict.outcome() == Verdict.Outcome.REFUSED) {
            extensions.put("retryAfter", verdict.seconds());
        }
        extensions.put("type", ApiProblem.type(TooManyRequests.CODE).toString());
        extensions.put("status", HttpStatus.TOO_MANY_REQUESTS.value());
        return GraphqlErrorBuilder.newError().errorType(Classification.TOO_MANY_REQUESTS)
                .message(verdict.detail("the document (nothing in it ran)"))
                .extensions(extensions).build();
    }

    private static String address(InetSocketAddress remote) {
        return remote == null ? "unknown" : remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress();
    }
}
