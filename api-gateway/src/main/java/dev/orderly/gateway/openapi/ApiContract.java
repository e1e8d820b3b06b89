package dev.orderly.gateway.openapi;

import dev.orderly.gateway.PreferWait;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.logging.CorrelationIdFilter;
import dev.orderly.gateway.security.Callers;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.orderly.gateway.openapi.OpenApiConfiguration.ACCEPT_POST;
import static dev.orderly.gateway.openapi.OpenApiConfiguration.BASIC;
import static dev.orderly.gateway.openapi.OpenApiConfiguration.BEARER;
import static dev.orderly.gateway.openapi.OpenApiConfiguration.PROBLEM;
import static dev.orderly.gateway.openapi.OpenApiConfiguration.PROBLEM_JSON;
import static dev.orderly.gateway.openapi.OpenApiConfiguration.RATE_LIMIT;
import static dev.orderly.gateway.openapi.OpenApiConfiguration.RATE_LIMIT_POLICY;

/**
 * Gives every operation what the filter chain and the exception handlers answer besides its controller, so that the
 * controllers declare only their own statuses:
 * <ul>
 *   <li>who may call it, asked of Spring Security's own rules (no second list to drift): anonymous operations have
 *       no security requirement (wrong credentials are still {@code 401}), those a customer is refused
 *       {@code 403} and {@code x-required-role};</li>
 *   <li>{@code 400} where a body or a typed parameter can be malformed, {@code 413} where a body is read,
 *       {@code 404} where the path names something, {@code 415} and the command budget's headers on writes,
 *       {@code 429} and {@code 503} everywhere;</li>
 *   <li>the problem schema on every error response, {@code X-Correlation-Id} on every request and response, and the
 *       headers that answer {@code Consistent-With} and {@code Prefer}.</li>
 * </ul>
 * Writes without a body get an optional JSON body, so that a generated client sends the {@code Content-Type} that
 * every write needs.
 */
final class ApiContract implements OpenApiCustomizer {

    /** Webhooks are signed by their sender, not a browser's writes: exempt from the content type and the budget. */
    private static final String WEBHOOKS = "/api/webhooks/";
    private static final String REQUIRED_ROLE = "x-required-role";
    private static final Set<PathItem.HttpMethod> READS = Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD,
            PathItem.HttpMethod.OPTIONS);
    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("openapi", "anonymous",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    private static final Authentication CUSTOMER = UsernamePasswordAuthenticationToken.authenticated("openapi", null,
            AuthorityUtils.createAuthorityList("ROLE_" + Callers.CUSTOMER_ROLE));

    private final WebInvocationPrivilegeEvaluator privileges;

    ApiContract(WebInvocationPrivilegeEvaluator privileges) {
        this.privileges = privileges;
    }

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(PROBLEM, OpenApiConfiguration.problemSchema());
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> describe(path, method, operation)));
    }

    private void describe(String path, PathItem.HttpMethod method, Operation operation) {
        String uri = path.replaceAll("\\{[^}]+}", "x");
        boolean anonymous = privileges.isAllowed("", uri, method.name(), ANONYMOUS);
        boolean write = !READS.contains(method) && path.startsWith("/api/") && !path.startsWith(WEBHOOKS);
        boolean readsBody = operation.getRequestBody() != null;
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        ApiResponses responses = operation.getResponses();

        // Spring Security checks credentials wherever they are sent, so an anonymous operation is 401 with wrong ones.
        problem(responses, HttpStatus.UNAUTHORIZED, "`unauthenticated`: no credentials, or wrong ones; "
                + "`invalid-token`: a bearer token that was refused.").addHeaderObject(HttpHeaders.WWW_AUTHENTICATE,
                ref(HttpHeaders.WWW_AUTHENTICATE));
        if (anonymous) {
            operation.setSecurity(List.of());
        } else {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BASIC),
                    new SecurityRequirement().addList(BEARER)));
            if (!privileges.isAllowed("", uri, method.name(), CUSTOMER)) {
                operation.addExtension(REQUIRED_ROLE, Callers.OPS_ROLE);
                operation.setDescription(join("Needs the `" + Callers.OPS_ROLE + "` role.",
                        operation.getDescription()));
                problem(responses, HttpStatus.FORBIDDEN, "`forbidden`: the caller lacks the `" + Callers.OPS_ROLE
                        + "` role.");
            }
        }
        if (readsBody || parameters.stream().anyMatch(ApiContract::canBeMalformed)) {
            problem(responses, HttpStatus.BAD_REQUEST, "`invalid-request` (with `errors` when known)"
                    + (readsBody ? ", `json-limit-exceeded`, `card-number-not-accepted` (with `field`)" : "")
                    + ": the request is malformed; nothing was done.");
        }
        if (parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
            problem(responses, HttpStatus.NOT_FOUND, "`not-found`: it does not exist, or it is not yours to see.");
        }
        if (write) {
            if (!readsBody) {
                operation.setRequestBody(new RequestBody().required(false).description("None needed; send `{}` or "
                        + "nothing, but with `Content-Type: application/json`, as every write needs.")
                        .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                new MediaType().schema(new ObjectSchema()))));
            }
            ApiResponse unsupported = problem(responses, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "`unsupported-media-type`: every write needs `Content-Type: application/json`.");
            if (method == PathItem.HttpMethod.POST) {
                unsupported.addHeaderObject(ACCEPT_POST, ref(ACCEPT_POST));
            }
        }
        if (write || readsBody) {
            problem(responses, HttpStatus.PAYLOAD_TOO_LARGE, "`payload-too-large` (with `maxBytes`): the body is "
                    + "over the limit; it was not read.");
        }
        problem(responses, HttpStatus.TOO_MANY_REQUESTS, "`rate-limited`: over the caller's budget of commands, or "
                + "the address's of requests without credentials and failed logins; `too-many-streams`: too many "
                + "live streams and long polls open.").addHeaderObject(HttpHeaders.RETRY_AFTER,
                ref(HttpHeaders.RETRY_AFTER));
        problem(responses, HttpStatus.SERVICE_UNAVAILABLE, "`unavailable`: the database cannot be reached, retry "
                + "with the same ids.").addHeaderObject(HttpHeaders.RETRY_AFTER, ref(HttpHeaders.RETRY_AFTER));
        responses.addApiResponse("default", new ApiResponse().description("Any other failure: `internal-error`, a "
                + "bug (bad input is always a 4xx).").content(problemContent()));

        for (Parameter parameter : parameters) {
            describeHeader(parameter, responses);
        }
        operation.addParametersItem(new Parameter().$ref(CorrelationIdFilter.HEADER));
        responses.forEach((status, response) -> {
            if (!status.startsWith("2") && !status.startsWith("3")) {
                response.setContent(problemContent());
            }
            if (write || status.equals("429")) {
                response.addHeaderObject(RATE_LIMIT_POLICY, ref(RATE_LIMIT_POLICY));
                response.addHeaderObject(RATE_LIMIT, ref(RATE_LIMIT));
            }
            response.addHeaderObject(CorrelationIdFilter.HEADER, ref(CorrelationIdFilter.HEADER));
            // A header the controller declared by reference keeps nothing but the reference (springdoc adds a style).
            response.getHeaders().replaceAll((name, header) -> header.get$ref() == null ? header
                    : new Header().$ref(header.get$ref()));
        });
        operation.setResponses(sorted(responses));
    }

    /** A typed parameter (an id, a number, a flag, a pattern) is {@code 400} when it does not parse. */
    private static boolean canBeMalformed(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        return schema != null && (!"string".equals(schema.getType()) || schema.getFormat() != null
                || schema.getPattern() != null);
    }

    /** The read-your-writes and wait headers a client sends, and what the answer says about them. */
    private static void describeHeader(Parameter parameter, ApiResponses responses) {
        if (!"header".equals(parameter.getIn())) {
            return;
        }
        String success = responses.keySet().stream().filter(status -> status.startsWith("2")).findFirst()
                .orElse(null);
        if (ReadYourWrites.CONSISTENT_WITH.equalsIgnoreCase(parameter.getName())) {
            parameter.setDescription("A command's `Consistency-Token`: the read waits (boundedly) until its read "
                    + "model has that write; the answer's `Consistency` says whether it had.");
            if (success != null) {
                responses.get(success).addHeaderObject(ReadYourWrites.CONSISTENCY, ref(ReadYourWrites.CONSISTENCY));
            }
        } else if (PreferWait.PREFER.equalsIgnoreCase(parameter.getName())) {
            parameter.setDescription("RFC 7240 `wait=N`: answer once it is decided, or after N seconds (at most "
                    + "`orderly.consistency.max-decision-wait`) as it then stands: a long poll.");
            parameter.setExample("wait=5");
            if (success != null) {
                responses.get(success).addHeaderObject(PreferWait.PREFERENCE_APPLIED,
                        ref(PreferWait.PREFERENCE_APPLIED));
            }
        }
    }

    /** The response for {@code status}, created with {@code description} unless the controller declared it. */
    private static ApiResponse problem(ApiResponses responses, HttpStatus status, String description) {
        String code = Integer.toString(status.value());
        ApiResponse response = responses.get(code);
        if (response == null) {
            response = new ApiResponse().description(description);
            responses.addApiResponse(code, response);
        } else if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(description);
        }
        return response;
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    private static Header ref(String header) {
        return new Header().$ref("#/components/headers/" + header);
    }

    /** Statuses in order, {@code default} last, as a reader looks for them. */
    private static ApiResponses sorted(ApiResponses responses) {
        Map<String, ApiResponse> byStatus = new TreeMap<>(responses);
        ApiResponse fallback = byStatus.remove("default");
        ApiResponses ordered = new ApiResponses();
        byStatus.forEach(ordered::addApiResponse);
        if (fallback != null) {
            ordered.addApiResponse("default", fallback);
        }
        ordered.setExtensions(responses.getExtensions());
        return ordered;
    }

    private static String join(String first, String then) {
        return then == null || then.isBlank() ? first : first + " " + then;
    }
}
