package dev.orderly.gateway.openapi;

import dev.orderly.gateway.PreferWait;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.logging.CorrelationIdFilter;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.SecurityProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

import java.util.List;
import java.util.Map;

/**
 * The parts of the OpenAPI document ({@code /v3/api-docs}) that no controller states: the problem schema every error
 * answers with ({@link #problemSchema()}, added by {@link ApiContract}: springdoc replaces the schemas it is given
 * with those it finds), the security schemes, and the headers the filter chain sets or reads. {@link ApiContract} then gives
 * each operation the responses the filter chain and the exception handlers add to what its controller declares, so
 * that a generated client knows every status it can meet.
 */
@Configuration
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String BASIC = "basic";
    static final String BEARER = "bearer";
    static final String RATE_LIMIT = "RateLimit";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String ACCEPT_POST = "Accept-Post";

    /**
     * The contract's version, raised when it changes incompatibly; not the build's, which the document (anonymous)
     * must not tell: the exact build is for operators ({@code /actuator/info}), as it names the flaws to try.
     */
    static final String API_VERSION = "1";

    @Bean
    OpenAPI orderlyOpenApi(SecurityProperties security) {
        return new OpenAPI()
                .info(new Info().title("Orderly API").version(API_VERSION).description("""
                        Orders, reservations and payments of an event-sourced backend. Commands that start \
                        asynchronous work answer `202 Accepted` with a `Location` to poll (or `GET \
                        /api/orders/{orderId}/events` to follow); their body shows the state as accepted, often \
                        `PENDING`. Send a command's `Consistency-Token` back as `Consistent-With` to read your own \
                        write. Every error is an RFC 9457 problem (`application/problem+json`) whose `type` is stable: \
                        branch on it, not on `detail`. Retries are safe where the client names the id (`orderId`, \
                        `reservationId`, `noticeId`): the same request under the same id is the same command. This \
                        server authenticates with %s.""".formatted(
                        security.mode() == SecurityProperties.Mode.JWT ? "bearer tokens (JWT)" : "HTTP Basic")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The default profile (`orderly.security.mode=basic`): the users of "
                                        + "`orderly.security.users`. For local use; `prod` refuses it."))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("The `prod` profile (`orderly.security.mode=jwt`): a JWT of the "
                                        + "configured issuer, for the audience `orderly.security.jwt.audience`, with "
                                        + "`exp`; `sub` is the customer id, the `roles` claim lists roles (`OPS`)."))
                        .addParameters(CorrelationIdFilter.HEADER, new Parameter().in("header")
                                .name(CorrelationIdFilter.HEADER).required(false)
                                .schema(new StringSchema().pattern("^[A-Za-z0-9._:-]{1,64}$"))
                                .description("Your id for this request, echoed in the response and carried by every "
                                        + "command, event and log line it causes; a fresh one is made when it is "
                                        + "missing or not such a token."))
                        .headers(headers()));
    }

    @Bean
    OpenApiCustomizer apiContract(WebInvocationPrivilegeEvaluator privileges) {
        return new ApiContract(privileges);
    }

    private static Map<String, Header> headers() {
        return Map.of(
                HttpHeaders.LOCATION, header("The resource that shows the outcome; poll it, or follow its events.",
                        new StringSchema().format("uri-reference")),
                ReadYourWrites.TOKEN, header("The event-store position of what this command wrote. Send it back as "
                        + "`Consistent-With` to read your own write. Missing when an asynchronous command was not "
                        + "decided within `orderly.consistency.accept-wait`.", new IntegerSchema().format("int64")),
                ReadYourWrites.CONSISTENCY, header("With `Consistent-With`: `consistent` when the read model had the "
                        + "write, `stale` when the wait ran out and the data is as it stands.",
                        new StringSchema()._enum(List.of("consistent", "stale"))),
                PreferWait.PREFERENCE_APPLIED, header("The wait honoured of a `Prefer: wait=N`, such as `wait=5`.",
                        new StringSchema()),
                HttpHeaders.RETRY_AFTER, header("Seconds to wait before retrying.", new IntegerSchema()),
                RATE_LIMIT_POLICY, header("The caller's budget (draft-ietf-httpapi-ratelimit-headers), such as "
                        + "`\"commands\";q=100;w=2`.", new StringSchema()),
                RATE_LIMIT, header("What is left of the budget and when it is full again, such as "
                        + "`\"commands\";r=99;t=1`.", new StringSchema()),
                CorrelationIdFilter.HEADER, header("The request's correlation id: yours, or a fresh one; quote it "
                        + "when reporting a problem.", new StringSchema()),
                HttpHeaders.WWW_AUTHENTICATE, header("The challenge of the configured scheme (`Basic realm=\"orderly\"` "
                        + "or `Bearer`, with `error=\"invalid_token\"` for a refused token).", new StringSchema()),
                ACCEPT_POST, header("The content type a POST here needs: `application/json`.", new StringSchema()));
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    /**
     * RFC 9457's members and the extension members the API adds, each named with the problems that carry it, so that a
     * client can read them as typed fields.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema<?> problemSchema() {
        Schema fieldError = new ObjectSchema().description("A field or parameter at fault.")
                .addProperty("field", new StringSchema().description("Its name: a JSON path into the body, or a "
                        + "parameter's name."))
                .addProperty("message", new StringSchema().description("What is wrong with it."))
                .required(List.of("field", "message"));
        return new ObjectSchema()
                .description("An RFC 9457 problem. `type` is stable per error and ends in its code, such as "
                        + "`" + ApiProblem.TYPE_BASE + "not-found`; `detail` is for humans.")
                .addProperty("type", new StringSchema().format("uri").example(ApiProblem.TYPE_BASE + "not-found")
                        .description("The error, stable: " + ApiProblem.TYPE_BASE + "{code}."))
                .addProperty("title", new StringSchema().description("The status's reason phrase."))
                .addProperty("status", new IntegerSchema().description("The HTTP status."))
                .addProperty("detail", new StringSchema().description("What happened, for humans."))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The path of the request."))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("`invalid-request`: the fields or parameters at fault, when known."))
                .addProperty("field", new StringSchema()
                        .description("`card-number-not-accepted`: the field that held a card number."))
                .addProperty("maxBytes", new IntegerSchema().format("int64")
                        .description("`payload-too-large`: the limit the body crossed."))
                .addProperty("held", new IntegerSchema()
                        .description("`quota-exceeded`: the units the customer holds through the API."))
                .addProperty("limit", new IntegerSchema()
                        .description("`quota-exceeded`: the units a customer may hold at once."))
                .addProperty("resourceId", new StringSchema().format("uuid")
                        .description("`price-changed`: the resource whose price the order quoted wrongly."))
                .addProperty("currentUnitPrice", new IntegerSchema().format("int64")
                        .description("`price-changed`: the resource's unit price now, in minor units."))
                .addProperty("currency", new StringSchema()
                        .description("`price-changed`: the currency of `currentUnitPrice`."))
                .required(List.of("type", "title", "status"));
    }
}
