package dev.orderly.gateway.graphql;

import dev.orderly.gateway.Written;
import dev.orderly.gateway.web.AllowedOriginHandshake;
import dev.orderly.gateway.web.WebProperties;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.ExecutionResult;
import graphql.language.Field;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.PropertyDataFetcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The GraphQL endpoint's wiring: its scalars, the fields every payload and view shares, the limits that refuse a
 * query before anything runs when it is too long, too deep (a depth bomb) or too big (an alias bomb), and the origin
 * check of its WebSocket.
 */
@Configuration
@EnableConfigurationProperties(GraphQlConfiguration.Limits.class)
class GraphQlConfiguration {

    /**
     * @param maxDepth         how deeply a query may nest fields
     * @param maxComplexity    how many fields a query may select in all, aliases and fragments counted each time used
     * @param maxDocumentSize  the longest document (the query text), in UTF-8 bytes
     * @param maxVariablesSize the largest variables, as compact JSON
     * @param maxPageSize      the largest {@code first} of a connection
     * @param maxItems         how many list items a query may ask for in all: the sum of its connections' {@code first}
     *                         (and the deprecated pages' {@code limit}), aliases counted each time
     */
    @ConfigurationProperties("orderly.graphql")
    record Limits(@DefaultValue("10") int maxDepth, @DefaultValue("200") int maxComplexity,
                  @DefaultValue("16KB") DataSize maxDocumentSize, @DefaultValue("64KB") DataSize maxVariablesSize,
                  @DefaultValue("100") int maxPageSize, @DefaultValue("500") int maxItems) {
    }

    /** Each payload type's field that carries the command's view, by payload type. */
    private static final Map<String, String> PAYLOAD_VIEWS = Map.of("ResourcePayload", "resource",
            "ReservationPayload", "reservation", "OrderPayload", "order", "PaymentPayload", "payment");

    /**
     * The {@code DateTime} fields, by type, and the view property each shows: new names, because the deprecated
     * {@code String} fields of the same instants keep answering as before.
     */
    private static final Map<String, Map<String, String>> DATE_TIMES = Map.of(
            "Order", Map.of("placedTime", "placedAt", "updatedTime", "updatedAt"),
            "TimelineEntry", Map.of("time", "at"),
            "Payment", Map.of("updatedTime", "updatedAt"));

    /** The argument that sizes each paged type: a connection's first, a deprecated page's limit. */
    private static final Map<String, String> ITEMS_ARGUMENT = Map.of("OrderConnection", "first",
            "ResourceConnection", "first", "ReservationConnection", "first", "OrderPage", "limit",
            "ResourcePage", "limit");

    @Bean
    RuntimeWiringConfigurer orderlyWiring() {
        DataFetcher<Object> view = environment -> environment.<Written<?>>getSource().value();
        // A read with consistentWith answers its Consistency as the local context of the view it returns.
        DataFetcher<Object> consistency = environment ->
                environment.getLocalContext() instanceof Reads.Seen seen ? seen.of(environment.getSource()) : null;
        return wiring -> {
            wiring.scalar(Scalars.LONG).scalar(Scalars.UUID_SCALAR).scalar(Scalars.DATE_TIME);
            PAYLOAD_VIEWS.forEach((type, field) -> wiring.type(type, fields -> fields.dataFetcher(field, view)));
            for (String type : new String[] {"Resource", "Reservation", "Order", "Payment", "OrderConnection",
                    "ResourceConnection", "ReservationConnection"}) {
                wiring.type(type, fields -> fields.dataFetcher("consistency", consistency));
            }
            DATE_TIMES.forEach((type, properties) -> wiring.type(type, fields -> {
                properties.forEach((field, property) -> fields.dataFetcher(field,
                        PropertyDataFetcher.fetching(property)));
                return fields;
            }));
        };
    }

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(Limits limits) {
        return new MaxQueryDepthInstrumentation(limits.maxDepth()) {
            @Override
            public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                    InstrumentationExecuteOperationParameters operation, InstrumentationState state) {
                return unlessIntrospection(operation, () -> super.beginExecuteOperation(operation, state));
            }
        };
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(Limits limits) {
        return new MaxQueryComplexityInstrumentation(limits.maxComplexity()) {
            @Override
            public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                    InstrumentationExecuteOperationParameters operation, InstrumentationState state) {
                return unlessIntrospection(operation, () -> super.beginExecuteOperation(operation, state));
            }
        };
    }

    /**
     * Refuses a query that asks for more list items than {@code max-items} in all. The complexity limit counts the
     * fields of a document, whatever the size of the pages they are selected on, so on its own it would let a few
     * aliased {@code first: 100} connections with links under them read thousands of rows; this counts each
     * connection's {@code first} (times the items of any connection it is nested in). Links on the items are one
     * batched read per field and page, so the work a query can order is bounded by these two limits together.
     */
    @Bean
    MaxQueryComplexityInstrumentation maxQueryItems(Limits limits) {
        // graphql-java adds the fields' counts up in an int: each is capped just past the limit, so that no sum of
        // the fields a document can hold wraps around to a small number (a first of 2^31 - 1 beside a few pages did).
        long overLimit = limits.maxItems() + 1L;
        FieldComplexityCalculator items = (field, nested) -> {
            Object first = field.getArguments().get(ITEMS_ARGUMENT.get(GraphQLTypeUtil.unwrapAll(
                    field.getFieldDefinition().getType()).getName()));
            long size = first instanceof Integer asked ? Math.min(Math.max(asked, 0), overLimit) : 0;
            return (int) Math.min(overLimit, size == 0 ? nested : size * (1L + Math.min(nested, overLimit)));
        };
        return new MaxQueryComplexityInstrumentation(limits.maxItems(), items, exceeded -> {
            throw new AbortExecutionException("the query asks for " + exceeded.getComplexity() + " list items in all, "
                    + "over the limit of " + limits.maxItems() + " (the sum of every connection's first); ask for "
                    + "smaller pages or fewer of them");
        }) {
            @Override
            public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                    InstrumentationExecuteOperationParameters operation, InstrumentationState state) {
                return unlessIntrospection(operation, () -> super.beginExecuteOperation(operation, state));
            }
        };
    }

    /**
     * Refuses an oversized document or variables, over HTTP and over the WebSocket, before graphql-java parses them:
     * inside the rate limit's interceptor (outermost, it only names the caller), before the card-number check reads
     * the document.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    GraphQlSizeLimits graphQlSizeLimits(Limits limits) {
        return new GraphQlSizeLimits(limits.maxDocumentSize(), limits.maxVariablesSize());
    }

    /**
     * Adds the origin check to the handshake of Boot's GraphQL WebSocket endpoint. Boot builds that endpoint's
     * request handler inside its own handler mapping and offers no hook for handshake interceptors, so the check is
     * appended to the handler's interceptors once the mapping exists, after the ones Spring GraphQL put there.
     */
    @Bean
    static BeanPostProcessor webSocketOriginCheck(ObjectProvider<WebProperties> web) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof WebSocketHandlerMapping mapping) {
                    mapping.getUrlMap().values().forEach(handler -> {
                        if (handler instanceof WebSocketHttpRequestHandler sockets) {
                            List<HandshakeInterceptor> interceptors =
                                    new ArrayList<>(sockets.getHandshakeInterceptors());
                            interceptors.add(new AllowedOriginHandshake(web.getObject().allowedOrigins()));
                            sockets.setHandshakeInterceptors(interceptors);
                        }
                    });
                }
                return bean;
            }
        };
    }

    /**
     * GraphiQL's schema query nests deeper than any data query needs. graphql-java's good-faith introspection check
     * bounds introspection on its own, and production turns introspection off, so these limits leave it alone.
     */
    private static InstrumentationContext<ExecutionResult> unlessIntrospection(
            InstrumentationExecuteOperationParameters operation, Supplier<InstrumentationContext<ExecutionResult>> limit) {
        boolean introspectionOnly = operation.getExecutionContext().getOperationDefinition().getSelectionSet()
                .getSelections().stream()
                .allMatch(selection -> selection instanceof Field field && field.getName().startsWith("__"));
        return introspectionOnly ? SimpleInstrumentationContext.noOp() : limit.get();
    }
}
