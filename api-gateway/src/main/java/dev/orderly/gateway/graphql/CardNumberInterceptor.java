package dev.orderly.gateway.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.card.CardNumbers;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.StringValue;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The GraphQL side of {@link CardNumbers}: a request with a card number in its variables, its extensions or an
 * argument written into the document is answered with a {@code card-number-not-accepted} error before it is parsed
 * for execution, validated or run, so nothing of it is stored and no error message quotes the number. It runs
 * over HTTP and WebSocket alike, right after the size limits (so it never reads an oversized document) and before
 * anything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class CardNumberInterceptor implements WebGraphQlInterceptor {

    private final ObjectMapper json;

    CardNumberInterceptor(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Optional<String> found = inDocument(request.getDocument())
                .or(() -> CardNumbers.locate(json.valueToTree(request.getVariables())).map(at -> "variables" + at))
                .or(() -> CardNumbers.locate(json.valueToTree(request.getExtensions())).map(at -> "extensions" + at));
        if (found.isEmpty()) {
            return chain.next(request);
        }
        ExecutionResult refused = ExecutionResult.newExecutionResult()
                .addError(GraphQlProblems.error(CardNumbers.refusal(found.get()), GraphqlErrorBuilder.newError()))
                .build();
        return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
                refused)));
    }

    /** An argument's literal anywhere in the document; a document that does not parse is searched as text. */
    private static Optional<String> inDocument(String document) {
        if (document == null) {
            return Optional.empty();
        }
        Document parsed;
        try {
            parsed = Parser.parse(document);
        } catch (InvalidSyntaxException unparsable) {
            return CardNumbers.foundIn(document) ? Optional.of("the document") : Optional.empty();
        }
        return inLiterals(parsed) ? Optional.of("an argument of the document") : Optional.empty();
    }

    private static boolean inLiterals(Node<?> node) {
        String literal = node instanceof StringValue string ? string.getValue()
                : node instanceof IntValue integer ? integer.getValue().toString()
                : node instanceof FloatValue decimal ? plain(decimal.getValue())
                : null;
        if (literal != null && CardNumbers.foundIn(literal)) {
            return true;
        }
        for (Node<?> child : node.getChildren()) {
            if (inLiterals(child)) {
                return true;
            }
        }
        return false;
    }

    /** A decimal as written, unless it has more integer digits than any card number. */
    private static String plain(BigDecimal value) {
        return value.precision() - value.scale() > 20 ? "" : value.toPlainString();
    }
}
