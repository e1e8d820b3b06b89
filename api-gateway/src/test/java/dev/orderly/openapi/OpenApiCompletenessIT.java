package dev.orderly.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.ShipmentNotices;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI document ({@code /v3/api-docs}, fetched over HTTP and parsed with swagger-parser, as a client generator
 * reads it) against the running app. Every controller mapping, enumerated from Spring MVC itself so that a new
 * endpoint without docs fails here, must be an operation that declares every status it can answer. Those statuses
 * come from two sides, neither of them the document: what the filter chain answers for any endpoint of its kind
 * (derived from the handler method: credentials, a body, a write, an id in the path, a typed parameter), and what the
 * app answers when provoked over real HTTP: without credentials, with wrong ones, as a customer, with malformed JSON,
 * the wrong content type, an oversized body, an unknown or malformed id or parameter, and with the valid request of
 * each endpoint and a few refusals that are cheap to cause. Each answer must be declared with the headers it carried,
 * and each error must be a problem that the document's schema describes.
 */
@OrderlySystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiCompletenessIT {

    /** Headers the API sets that a client acts on; a response that carries one must declare it. */
    private static final List<String> OUR_HEADERS = List.of("Location", "Consistency-Token", "Consistency",
            "Preference-Applied", "Retry-After", "RateLimit", "RateLimit-Policy", "X-Correlation-Id",
            "WWW-Authenticate", "Accept-Post");
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPES = "https://orderly.dev/problems/";
    private static final int MAX_BODY = 1024 * 1024;
    /** The one success no cheap request reaches: a payment needs attention only after the provider fails for long. */
    private static final Map<String, String> SUCCESS_NOT_PROVOKED = Map.of(
            "POST /api/ops/payments/{paymentId}/resolution", "a payment needs attention only after its retries run out");
    /** Its valid request is sent between orders that it refuses and the resume that ends it. */
    private static final String PAUSES_INTAKE = "POST /api/ops/intake/pause";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OpenAPI api;
    private List<String> parserMessages;
    private List<Endpoint> endpoints;
    private final List<Answer> answers = new ArrayList<>();
    /** Path variables of the valid requests; an endpoint's own request may name others. */
    private final Map<String, String> ids = new LinkedHashMap<>();
    private Map<String, Request> valid;

    /** An endpoint as Spring MVC maps it, and the operation the document has for it (null when missing). */
    record Endpoint(String method, String path, HandlerMethod handler, Operation operation) {

        String key() {
            return method + " " + path;
        }

        boolean write() {
            return !method.equals("GET") && path.startsWith("/api/") && !path.startsWith("/api/webhooks/");
        }

        /** A {@code @RequestBody}, or the raw request a controller reads its body from itself (the webhooks). */
        boolean readsBody() {
            return Arrays.stream(handler.getMethodParameters()).anyMatch(parameter ->
                    parameter.hasParameterAnnotation(RequestBody.class)
                            || HttpServletRequest.class.equals(parameter.getParameterType()));
        }

        List<String> pathVariables() {
            List<String> names = new ArrayList<>();
            Matcher matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** A path variable, query parameter or header bound to something other than a string fails to convert. */
        boolean hasTypedParameter() {
            return Arrays.stream(handler.getMethodParameters()).anyMatch(parameter ->
                    (parameter.hasParameterAnnotation(PathVariable.class)
                            || parameter.hasParameterAnnotation(RequestParam.class)
                            || parameter.hasParameterAnnotation(RequestHeader.class))
                            && !String.class.equals(parameter.getParameterType()));
        }

        Set<String> declared() {
            return operation.getResponses().keySet().stream().filter(status -> !status.equals("default"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * One request to an endpoint: as {@code user} ({@code null}: no credentials), with a body (null: none), its
     * content type, extra headers, and path variables that differ from the shared ones.
     */
    record Request(String user, String body, String contentType, Map<String, String> headers,
                   Map<String, String> pathVariables, String query, boolean signed) {

        static Request as(String user, String body) {
            return new Request(user, body, body == null ? null : "application/json", Map.of(), Map.of(), "", false);
        }

        Request user(String who) {
            return new Request(who, body, contentType, headers, pathVariables, query, signed);
        }

        Request body(String json, String type) {
            return new Request(user, json, type, headers, pathVariables, query, signed);
        }

        Request header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(user, body, contentType, more, pathVariables, query, signed);
        }

        Request variable(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(pathVariables);
            more.put(name, value);
            return new Request(user, body, contentType, headers, more, query, signed);
        }

        Request query(String parameters) {
            return new Request(user, body, contentType, headers, pathVariables, parameters, signed);
        }

        Request withSignature() {
            return new Request(user, body, contentType, headers, pathVariables, query, true);
        }
    }

    /** What the app answered to one request, and why the request was sent. */
    record Answer(Endpoint endpoint, String probe, int status, HttpHeaders headers, JsonNode problem) {

        String type() {
            return problem == null ? null : problem.path("type").asText(null);
        }
    }

    @BeforeAll
    void fetchTheDocumentAndMapTheEndpoints() throws IOException {
        String document = send("GET", "/v3/api-docs", Request.as(null, null)).body;
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        api = parsed.getOpenAPI();
        parserMessages = parsed.getMessages() == null ? List.of() : parsed.getMessages();
        assertThat(api).as("the parsed document").isNotNull();

        endpoints = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            boolean ours = handler.getBeanType().getPackageName().startsWith("dev.orderly");
            boolean hidden = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), Hidden.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), Hidden.class);
            if (!ours || hidden) {
                return;
            }
            for (String path : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
                    Operation operation = item == null ? null
                            : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
                    endpoints.add(new Endpoint(method.name(), path, handler, operation));
                }
            }
        });
        assertThat(endpoints).as("the controllers' mappings").hasSizeGreaterThan(25);
    }

    @Test
    void the_document_is_openapi_3_0_and_validates_without_messages() {
        assertThat(parserMessages).as("swagger-parser's messages").isEmpty();
        assertThat(api.getOpenapi()).startsWith("3.0.");
    }

    @Test
    void every_controller_mapping_is_an_operation_with_a_stable_id_a_tag_and_a_success() {
        assertThat(endpoints.stream().filter(endpoint -> endpoint.operation() == null).map(Endpoint::key))
                .as("mappings the document leaves out").isEmpty();
        List<String> operationIds = endpoints.stream().map(endpoint -> endpoint.operation().getOperationId()).toList();
        assertThat(operationIds).as("operation ids").doesNotContainNull().doesNotHaveDuplicates()
                .noneMatch(id -> id.matches(".*_\\d+"));
        for (Endpoint endpoint : endpoints) {
            assertThat(endpoint.operation().getTags()).as(endpoint.key() + " tags").isNotEmpty();
            assertThat(endpoint.declared()).as(endpoint.key() + " success").anyMatch(status -> status.startsWith("2"));
        }
    }

    @Test
    void both_security_schemes_are_declared_and_every_operation_names_them_or_none() {
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertThat(schemes.get("basic").getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(schemes.get("basic").getScheme()).isEqualTo("basic");
        assertThat(schemes.get("bearer").getScheme()).isEqualTo("bearer");
        assertThat(schemes.get("bearer").getBearerFormat()).isEqualTo("JWT");
        for (Endpoint endpoint : endpoints) {
            var security = endpoint.operation().getSecurity();
            assertThat(security).as(endpoint.key() + " security").isNotNull();
            if (!security.isEmpty()) {
                assertThat(security.stream().flatMap(requirement -> requirement.keySet().stream()))
                        .as(endpoint.key() + " security").containsExactlyInAnyOrder("basic", "bearer");
            }
        }
    }

    @Test
    void every_error_response_is_a_problem_and_the_problem_schema_has_rfc_9457s_members() {
        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(problem.getRequired()).contains("type", "title", "status");
        for (Endpoint endpoint : endpoints) {
            endpoint.operation().getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5") || status.equals("default")) {
                    assertThat(response.getContent()).as(endpoint.key() + " " + status).containsOnlyKeys(PROBLEM_JSON);
                    assertThat(response.getContent().get(PROBLEM_JSON).getSchema().get$ref())
                            .as(endpoint.key() + " " + status).isEqualTo("#/components/schemas/Problem");
                }
                assertThat(response.getHeaders()).as(endpoint.key() + " " + status + " headers")
                        .containsKey("X-Correlation-Id");
                if (status.equals("201")) {
                    assertThat(response.getHeaders()).as(endpoint.key() + " " + status).containsKey("Location");
                }
            });
            assertThat(endpoint.operation().getParameters()).as(endpoint.key() + " parameters")
                    .anyMatch(parameter -> "#/components/parameters/X-Correlation-Id".equals(parameter.get$ref()));
        }
    }

    /**
     * The statuses the filter chain and the exception handlers give an endpoint of its kind, whatever its controller
     * does: {@code 429} (the address budget sees every request without credentials, the command budget every write)
     * and {@code 503} (the database unreachable) anywhere; {@code 401} wherever credentials are needed (as provoked
     * below); {@code 400} and {@code 413} where a body is read; {@code 413} and {@code 415} on every write; {@code 404}
     * where the path names something; {@code 400} where a parameter must convert.
     */
    @Test
    void every_status_the_filter_chain_gives_an_endpoint_of_its_kind_is_declared() {
        provokeEveryEndpoint();
        for (Endpoint endpoint : endpoints) {
            Set<String> expected = new TreeSet<>(Set.of("429", "503"));
            boolean anonymousRefused = answers.stream().anyMatch(answer -> answer.endpoint() == endpoint
                    && answer.probe().equals("without credentials") && answer.status() == 401);
            if (anonymousRefused) {
                expected.add("401");
            }
            if (endpoint.readsBody()) {
                expected.addAll(Set.of("400", "413"));
            }
            if (endpoint.write()) {
                expected.addAll(Set.of("413", "415"));
            }
            if (!endpoint.pathVariables().isEmpty()) {
                expected.add("404");
            }
            if (endpoint.hasTypedParameter()) {
                expected.add("400");
            }
            assertThat(endpoint.declared()).as(endpoint.key()).containsAll(expected);
        }
    }

    @Test
    void every_status_the_app_answers_is_declared_with_its_headers_and_every_problem_fits_the_schema() {
        provokeEveryEndpoint();
        List<String> failures = new ArrayList<>();
        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        for (Answer answer : answers) {
            Endpoint endpoint = answer.endpoint();
            String what = endpoint.key() + " " + answer.probe() + ": " + answer.status();
            ApiResponse declared = endpoint.operation().getResponses().get(Integer.toString(answer.status()));
            if (declared == null) {
                failures.add(what + " is not declared (declared: " + endpoint.declared() + ")");
                continue;
            }
            for (String header : OUR_HEADERS) {
                if (answer.headers().firstValue(header).isPresent()
                        && (declared.getHeaders() == null || !declared.getHeaders().containsKey(header))) {
                    failures.add(what + " carries " + header + ", which the response does not declare");
                }
            }
            if (answer.status() >= 400) {
                if (answer.problem() == null) {
                    failures.add(what + " is not a problem");
                    continue;
                }
                answer.problem().fieldNames().forEachRemaining(member -> {
                    if (!problem.getProperties().containsKey(member)) {
                        failures.add(what + " has the member " + member + ", which the Problem schema lacks");
                    }
                });
                for (String member : problem.getRequired()) {
                    if (!answer.problem().has(member)) {
                        failures.add(what + " lacks the required member " + member);
                    }
                }
                if (answer.problem().path("status").asInt() != answer.status()
                        || !answer.type().startsWith(TYPES)) {
                    failures.add(what + " is not a problem of its status with a stable type: " + answer.problem());
                }
            }
        }
        for (Endpoint endpoint : endpoints) {
            boolean succeeded = answers.stream().anyMatch(answer -> answer.endpoint() == endpoint
                    && answer.status() / 100 == 2);
            if (!succeeded && !SUCCESS_NOT_PROVOKED.containsKey(endpoint.key())) {
                failures.add(endpoint.key() + " never succeeded: give it a valid request in validRequests()");
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The document's security matches the filter chain's: an operation names no scheme exactly when a request
     * without credentials is not refused for want of them, and says it needs {@code OPS} exactly when a customer is
     * refused for want of the role.
     */
    @Test
    void the_security_the_document_declares_is_the_security_the_app_enforces() {
        provokeEveryEndpoint();
        for (Endpoint endpoint : endpoints) {
            Answer anonymous = answer(endpoint, "without credentials");
            assertThat("unauthenticated".equals(typeCode(anonymous)))
                    .as(endpoint.key() + " needs credentials (answered " + anonymous.status() + ")")
                    .isEqualTo(!endpoint.operation().getSecurity().isEmpty());
            Answer customer = answer(endpoint, "as a customer");
            Object role = endpoint.operation().getExtensions() == null ? null
                    : endpoint.operation().getExtensions().get("x-required-role");
            assertThat("forbidden".equals(typeCode(customer)))
                    .as(endpoint.key() + " needs OPS (a customer got " + customer.status() + ")")
                    .isEqualTo("OPS".equals(role));
        }
    }

    private static String typeCode(Answer answer) {
        return answer.type() == null ? null : answer.type().substring(TYPES.length());
    }

    private Answer answer(Endpoint endpoint, String probe) {
        return answers.stream().filter(answer -> answer.endpoint() == endpoint && answer.probe().equals(probe))
                .findFirst().orElseThrow(() -> new AssertionError(endpoint.key() + " was not probed " + probe));
    }

    /** Sends every probe once for the class; the tests above read the answers. */
    private synchronized void provokeEveryEndpoint() {
        if (!answers.isEmpty()) {
            return;
        }
        Endpoint replay = null;
        try {
            valid = validRequests();
            List<String> unprobed = endpoints.stream().map(Endpoint::key).filter(key -> !valid.containsKey(key))
                    .toList();
            assertThat(unprobed).as("endpoints without a valid request in validRequests()").isEmpty();
            for (Endpoint endpoint : endpoints) {
                if (endpoint.key().equals("POST /api/ops/processors/{name}/replay")) {
                    replay = endpoint;
                } else {
                    probe(endpoint);
                }
            }
            refusalsThatAreCheapToCause();
        } finally {
            TestSandbox.holdShipments(false);
        }
        if (replay != null) {
            // Last: the read model it rebuilds is briefly behind.
            probe(replay);
        }
    }

    private void probe(Endpoint endpoint) {
        Request request = valid.get(endpoint.key());
        record(endpoint, "without credentials", request.user(null));
        record(endpoint, "with a wrong password", request.user(null)
                .header("Authorization", TestApi.basic("alice", "not-her-password")));
        record(endpoint, "as a customer", request.user("alice"));
        if (endpoint.readsBody()) {
            record(endpoint, "with malformed JSON", request.body("{\"", "application/json"));
            record(endpoint, "with a body over the limit", request.body(" ".repeat(MAX_BODY + 1),
                    "application/json"));
        }
        if (endpoint.write()) {
            record(endpoint, "as text/plain", request.body(request.body() == null ? "{}" : request.body(),
                    "text/plain"));
            record(endpoint, "without a content type", request.body(null, null));
        }
        for (String variable : endpoint.pathVariables()) {
            boolean uuid = isUuid(request.pathVariables().getOrDefault(variable, ids.get(variable)));
            record(endpoint, "with an unknown " + variable, request.variable(variable,
                    uuid ? UUID.randomUUID().toString() : "no-such-" + variable));
            if (uuid) {
                record(endpoint, "with a malformed " + variable, request.variable(variable, "not-a-uuid"));
            }
        }
        for (Parameter parameter : parameters(endpoint)) {
            String wrong = wrongValue(parameter.getSchema());
            if (wrong != null && "query".equals(parameter.getIn())) {
                record(endpoint, "with " + parameter.getName() + "=" + wrong, request.query(
                        (request.query().isEmpty() ? "" : request.query() + "&") + parameter.getName() + "=" + wrong));
            } else if (wrong != null && "header".equals(parameter.getIn())) {
                record(endpoint, "with " + parameter.getName() + ": " + wrong,
                        request.header(parameter.getName(), wrong));
            }
        }
        if (!PAUSES_INTAKE.equals(endpoint.key())) {
            record(endpoint, "as documented", request);
        }
    }

    private static List<Parameter> parameters(Endpoint endpoint) {
        return endpoint.operation().getParameters() == null ? List.of() : endpoint.operation().getParameters()
                .stream().filter(parameter -> parameter.get$ref() == null).toList();
    }

    /** A value the parameter's schema refuses, or null when it takes any string. */
    private static String wrongValue(Schema<?> schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getMinimum() != null) {
            return schema.getMinimum().subtract(BigDecimal.ONE).toPlainString();
        }
        if ("integer".equals(schema.getType()) || "boolean".equals(schema.getType()) || "uuid".equals(
                schema.getFormat())) {
            return "not-a-" + (schema.getFormat() == null ? schema.getType() : schema.getFormat());
        }
        return schema.getPattern() != null ? "%21%21" : null;
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /**
     * The valid request of every endpoint, on things made for this class: a resource, a shipped order, an order
     * waiting for its shipment, a confirmed reservation, a payment and a notice.
     */
    private Map<String, Request> validRequests() {
        TestApi ops = new TestApi(port);
        TestApi alice = TestApi.as(port, "alice");
        String resourceId = ops.registerResource("OpenAPI shelf", 50);
        String shipped = alice.post("/api/orders", order(resourceId, 1250)).text("orderId");
        TestApi.Response reservation = alice.post("/api/resources/" + resourceId + "/reservations",
                "{\"quantity\":2}");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(alice.get(reservation.location())
                .text("status")));
        await().atMost(Duration.ofSeconds(60)).until(() -> "SHIPPED".equals(alice.get("/api/orders/" + shipped)
                .text("status")));
        String paymentId = ops.post("/api/payments", payment(UUID.randomUUID().toString())).text("paymentId");
        // Notices go to holders whose customer id is an e-mail address.
        TestApi.Response held = ops.post("/api/resources/" + resourceId + "/reservations",
                "{\"customerId\":\"openapi-holder@example.com\",\"quantity\":1}");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ops.get(held.location())
                .text("status")));
        String notice = ops.post("/api/ops/resources/" + resourceId + "/notices",
                "{\"operator\":\"openapi\",\"subject\":\"Probe\",\"body\":\"A notice.\"}").location();
        await().atMost(Duration.ofSeconds(30)).until(() -> ops.get(notice).status() == 200);
        ids.put("resourceId", resourceId);
        ids.put("orderId", shipped);
        ids.put("reservationId", reservation.text("reservationId"));
        ids.put("paymentId", paymentId);
        ids.put("noticeId", notice.substring(notice.lastIndexOf('/') + 1));
        ids.put("name", ReservationView.PROCESSING_GROUP);
        ids.put("group", ResourceView.PROCESSING_GROUP);

        Map<String, Request> requests = new LinkedHashMap<>();
        requests.put("POST /api/resources", Request.as("ops",
                "{\"name\":\"OpenAPI probe\",\"capacity\":5,\"unitPrice\":1250,\"currency\":\"EUR\"}"));
        requests.put("GET /api/resources", Request.as("alice", null));
        requests.put("GET /api/resources/{resourceId}", Request.as("alice", null));
        requests.put("PUT /api/resources/{resourceId}/capacity", Request.as("ops", "{\"capacity\":50}"));
        requests.put("PUT /api/resources/{resourceId}/price", Request.as("ops",
                "{\"unitPrice\":1250,\"currency\":\"EUR\"}"));
        requests.put("POST /api/resources/{resourceId}/reservations", Request.as("alice", "{\"quantity\":1}"));
        requests.put("GET /api/reservations/{reservationId}", Request.as("alice", null));
        requests.put("POST /api/reservations/{reservationId}/release", Request.as("alice", "{}"));
        requests.put("POST /api/payments", Request.as("ops", payment(UUID.randomUUID().toString())));
        requests.put("GET /api/payments/{paymentId}", Request.as("ops", null));
        requests.put("GET /api/orders/{orderId}/payments", Request.as("alice", null));
        requests.put("GET /api/checkout", Request.as("alice", null));
        requests.put("POST /api/orders", Request.as("alice", order(resourceId, 1250)));
        requests.put("GET /api/orders", Request.as("alice", null));
        requests.put("GET /api/orders/{orderId}", Request.as("alice", null));
        requests.put("GET /api/orders/{orderId}/events", Request.as("alice", null));
        requests.put("POST /api/stream-tickets", Request.as("alice", "{\"orderId\":\"" + shipped + "\"}"));
        requests.put("POST /api/orders/{orderId}/cancellation", Request.as("alice", "{\"reason\":\"probe\"}")
                .variable("orderId", orderAwaitingShipment(alice, resourceId)));
        requests.put("POST /api/webhooks/warehouse", Request.as(null,
                ShipmentNotices.notice("shp-" + UUID.randomUUID(), shipped)).withSignature());
        requests.put("GET /api/ops/payments/attention", Request.as("ops", null));
        requests.put("POST /api/ops/payments/{paymentId}/resolution", Request.as("ops",
                "{\"operator\":\"openapi\",\"resolution\":\"NOT_CHARGED\",\"note\":\"probe\"}"));
        requests.put("GET /api/ops/intake", Request.as("ops", null));
        requests.put("POST /api/ops/intake/pause", Request.as("ops",
                "{\"operator\":\"openapi\",\"reason\":\"probe\"}"));
        requests.put("POST /api/ops/intake/resume", Request.as("ops", "{\"operator\":\"openapi\"}"));
        requests.put("GET /api/ops/dashboard", Request.as("ops", null));
        requests.put("GET /api/ops/processors", Request.as("ops", null));
        requests.put("POST /api/ops/processors/{name}/replay", Request.as("ops", "{}"));
        requests.put("GET /api/ops/dead-letters", Request.as("ops", null));
        requests.put("POST /api/ops/dead-letters/{group}/retry", Request.as("ops", "{}"));
        requests.put("POST /api/ops/dead-letters/{group}/evict", Request.as("ops", "{}"));
        requests.put("POST /api/ops/resources/{resourceId}/notices", Request.as("ops",
                "{\"operator\":\"openapi\",\"subject\":\"Probe\",\"body\":\"Another notice.\"}"));
        requests.put("GET /api/ops/notices/{noticeId}", Request.as("ops", null));
        requests.put("GET /api/monitor", Request.as("ops", null));
        return requests;
    }

    /** An order that stays in {@code PICKING} while shipments are held (until the probes are done). */
    private static String orderAwaitingShipment(TestApi alice, String resourceId) {
        TestSandbox.holdShipments(true);
        String orderId = alice.post("/api/orders", order(resourceId, 1250)).text("orderId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "PICKING".equals(alice.get("/api/orders/" + orderId)
                .text("status")));
        return orderId;
    }

    /** Refusals the generic probes do not reach, each asserted so that the probe keeps meaning what it says. */
    private void refusalsThatAreCheapToCause() {
        String resourceId = ids.get("resourceId");
        expect("POST /api/orders", "quoting an old price", Request.as("alice", order(resourceId, 999)),
                409, "price-changed");
        expect("POST /api/orders", "for an unknown resource", Request.as("alice",
                order(UUID.randomUUID().toString(), 1250)), 422, "unknown-resource");
        expect("POST /api/orders", "for another customer", Request.as("alice", order(resourceId, 1250)
                .replace("\"alice\"", "\"bob\"")), 403, "customer-mismatch");
        expect("POST /api/orders", "by an operator naming no customer", Request.as("ops", order(resourceId, 1250)
                .replace("\"customerId\":\"alice\",", "")), 422, "customer-required");
        expect("GET /api/orders", "of another customer", Request.as("alice", null).query("customerId=bob"),
                403, "customer-mismatch");
        expect("POST /api/orders/{orderId}/cancellation", "of a shipped order", Request.as("alice", "{}")
                .variable("orderId", ids.get("orderId")), 409, "order-already-shipped");
        expect("POST /api/payments", "for an order its saga pays", Request.as("ops", payment(ids.get("orderId"))),
                409, "order-already-has-payment");
        String reservationId = UUID.randomUUID().toString();
        expect("POST /api/resources/{resourceId}/reservations", "under a new id", Request.as("alice",
                "{\"reservationId\":\"" + reservationId + "\",\"quantity\":1}"), 202, null);
        expect("POST /api/resources/{resourceId}/reservations", "reusing the id with other details",
                Request.as("alice", "{\"reservationId\":\"" + reservationId + "\",\"quantity\":3}"), 409,
                "reservation-id-conflict");
        expect("PUT /api/resources/{resourceId}/capacity", "below the units held", Request.as("ops",
                "{\"capacity\":1}"), 409, "capacity-below-held");
        expect("PUT /api/resources/{resourceId}/capacity", "back", Request.as("ops", "{\"capacity\":50}"), 204, null);
        expect("GET /api/reservations/{reservationId}", "with Prefer: wait=1", Request.as("alice", null)
                .header("Prefer", "wait=1"), 200, null);
        Answer reserved = expect("POST /api/resources/{resourceId}/reservations", "for a token", Request.as("alice",
                "{\"quantity\":1}"), 202, null);
        reserved.headers().firstValue("Consistency-Token").ifPresent(token ->
                expect("GET /api/resources/{resourceId}", "with Consistent-With", Request.as("alice", null)
                        .header("Consistent-With", token), 200, null));
        expect("POST /api/ops/payments/{paymentId}/resolution", "of a payment that needs none", Request.as("ops",
                "{\"operator\":\"openapi\",\"resolution\":\"NOT_CHARGED\",\"note\":\"probe\"}"), 409,
                "payment-not-needing-attention");
        expect("POST /api/ops/processors/{name}/replay", "of a processor that is no read model", Request.as("ops",
                "{}").variable("name", notReplayable()), 422, "replay-not-allowed");
        String shipment = "shp-" + UUID.randomUUID();
        expect("POST /api/webhooks/warehouse", "for an unknown order", Request.as(null,
                ShipmentNotices.notice(shipment, UUID.randomUUID().toString())).withSignature(), 404, "not-found");
        expect("POST /api/webhooks/warehouse", "unsigned", Request.as(null,
                ShipmentNotices.notice(shipment, ids.get("orderId"))), 401, "invalid-signature");
        expect(PAUSES_INTAKE, "to refuse new orders", valid.get(PAUSES_INTAKE), 200, null);
        try {
            expect("POST /api/orders", "while intake is paused", Request.as("alice", order(resourceId, 1250)), 503,
                    "intake-paused");
            expect("POST /api/payments", "while intake is paused", Request.as("ops",
                    payment(UUID.randomUUID().toString())), 503, "intake-paused");
        } finally {
            expect("POST /api/ops/intake/resume", "after the pause", valid.get("POST /api/ops/intake/resume"), 200,
                    null);
            await().atMost(Duration.ofSeconds(10)).until(() -> new TestApi(port).get("/api/ops/intake").body()
                    .path("accepting").asBoolean());
        }
    }

    /** A processor the ops API lists that is not one of the read models a replay may rebuild. */
    private String notReplayable() {
        JsonNode processors = new TestApi(port).get("/api/ops/processors").body();
        Set<String> readModels = Set.of(ResourceView.PROCESSING_GROUP, ReservationView.PROCESSING_GROUP,
                PaymentView.PROCESSING_GROUP, OrderView.PROCESSING_GROUP);
        for (JsonNode processor : processors) {
            if (!readModels.contains(processor.path("name").asText())) {
                return processor.path("name").asText();
            }
        }
        throw new AssertionError("every processor is a read model: " + processors);
    }

    private Answer expect(String key, String probe, Request request, int status, String code) {
        Endpoint endpoint = endpoints.stream().filter(candidate -> candidate.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint " + key));
        Answer answer = record(endpoint, probe, request);
        assertThat(answer.status()).as(key + " " + probe + ": " + answer.problem()).isEqualTo(status);
        if (code != null) {
            assertThat(answer.type()).as(key + " " + probe).isEqualTo(TYPES + code);
        }
        return answer;
    }

    private Answer record(Endpoint endpoint, String probe, Request request) {
        String path = endpoint.path();
        for (String variable : endpoint.pathVariables()) {
            path = path.replace("{" + variable + "}", request.pathVariables().getOrDefault(variable,
                    ids.get(variable)));
        }
        if (!request.query().isEmpty()) {
            path += "?" + request.query();
        }
        Sent sent = send(endpoint.method(), path, request);
        JsonNode problem = null;
        if (sent.contentType().startsWith(PROBLEM_JSON)) {
            try {
                problem = JSON.readTree(sent.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Answer answer = new Answer(endpoint, probe, sent.status(), sent.headers(), problem);
        answers.add(answer);
        return answer;
    }

    private record Sent(int status, HttpHeaders headers, String contentType, String body) {
    }

    /** The request over a real socket; an event stream is closed once its status and headers are in. */
    private Sent send(String method, String path, Request request) {
        byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (request.user() != null) {
            builder.header("Authorization", TestApi.basic(request.user()));
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.signed()) {
            long now = Instant.now().getEpochSecond();
            builder.header(ShipmentNotices.TIMESTAMP, Long.toString(now))
                    .header(ShipmentNotices.SIGNATURE, ShipmentNotices.sign(now, body, ShipmentNotices.SANDBOX_SECRET));
        }
        request.headers().forEach(builder::header);
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream stream = response.body()) {
                String text = contentType.startsWith("text/event-stream") ? ""
                        : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                return new Sent(response.statusCode(), response.headers(), contentType, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String order(String resourceId, long unitPrice) {
        return TestOrders.orderJson(resourceId, 1, "alice", "openapi-" + UUID.randomUUID() + "@example.com",
                TestOrders.GOOD_CARD).replace("\"unitPrice\":1250", "\"unitPrice\":" + unitPrice);
    }

    private static String payment(String orderId) {
        return "{\"orderId\":\"" + orderId + "\",\"amount\":1250,\"currency\":\"EUR\",\"paymentToken\":\""
                + TestSandbox.tokenFor(TestOrders.GOOD_CARD) + "\"}";
    }
}
