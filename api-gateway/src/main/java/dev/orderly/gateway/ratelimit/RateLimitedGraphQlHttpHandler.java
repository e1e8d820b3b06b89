package dev.orderly.gateway.ratelimit;

import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The GraphQL HTTP endpoint, answering {@code 429} to a document refused for the caller's budget, as REST does to a
 * refused command, so that clients, proxies and metrics see the refusal without reading the body. Every other
 * response keeps Spring's status. Replaces Spring Boot's handler, which backs off when one is defined.
 */
@Component
class RateLimitedGraphQlHttpHandler extends GraphQlHttpHandler {

    RateLimitedGraphQlHttpHandler(WebGraphQlHandler handler) {
        super(handler);
    }

    @Override
    protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType responseMediaType) {
        boolean refused = response.getExecutionInput() != null
                && response.getExecutionInput().getGraphQLContext().get(GraphQlMutationBudget.VERDICT)
                        instanceof Verdict verdict && !verdict.granted();
        return refused ? HttpStatus.TOO_MANY_REQUESTS : super.selectResponseStatus(response, responseMediaType);
    }
}
