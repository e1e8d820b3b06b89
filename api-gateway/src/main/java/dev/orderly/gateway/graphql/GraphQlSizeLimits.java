package dev.orderly.gateway.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.web.RequestBodyTooLargeException;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Refuses a GraphQL request whose document or variables are over their size limit, before graphql-java parses,
 * validates or runs anything: the depth and complexity limits only apply once a document is parsed, and parsing a
 * long one is work an anonymous caller should not be able to order. The answer is a GraphQL error with the REST
 * API's type for the same fault, {@code payload-too-large} (status {@code 413}).
 */
class GraphQlSizeLimits implements WebGraphQlInterceptor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxDocument;
    private final long maxVariables;

    GraphQlSizeLimits(DataSize maxDocument, DataSize maxVariables) {
        this.maxDocument = maxDocument.toBytes();
        this.maxVariables = maxVariables.toBytes();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        long document = request.getDocument().getBytes(StandardCharsets.UTF_8).length;
        if (document > maxDocument) {
            return refused(request, "the document is " + document + " bytes, over the limit of " + maxDocument);
        }
        long variables = jsonSize(request.getVariables());
        if (variables > maxVariables) {
            return refused(request, "the variables are " + variables + " bytes of JSON, over the limit of "
                    + maxVariables);
        }
        return chain.next(request);
    }

    private static Mono<WebGraphQlResponse> refused(WebGraphQlRequest request, String detail) {
        ExecutionResult result = ExecutionResult.newExecutionResult().addError(GraphqlErrorBuilder.newError()
                .message(detail).errorType(ErrorType.BAD_REQUEST)
                .extensions(Map.of("type", ApiProblem.type(RequestBodyTooLargeException.CODE).toString(),
                        "status", HttpStatus.PAYLOAD_TOO_LARGE.value()))
                .build()).build();
        return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
                result)));
    }

    private static long jsonSize(Map<String, Object> variables) {
        if (variables == null || variables.isEmpty()) {
            return 0;
        }
        Counter counter = new Counter();
        try {
            JSON.writeValue(counter, variables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes;
    }

    private static final class Counter extends OutputStream {

        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }
}
