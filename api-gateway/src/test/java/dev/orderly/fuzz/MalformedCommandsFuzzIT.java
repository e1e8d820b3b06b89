package dev.orderly.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderly.support.RunningApp;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bad input on every command endpoint: malformed JSON, wrong types, huge strings, negative and
 * overflowing numbers, unknown enum values, missing fields and unknown ones, card numbers in any field, malformed
 * payment tokens, and the same inputs to every GraphQL mutation. Every REST answer is a 4xx with an RFC 9457 problem
 * body, every GraphQL answer an error carrying the problem type; never a 5xx, no command dispatched and no row
 * written. A card number is refused as {@code card-number-not-accepted}, and no answer repeats it.
 */
class MalformedCommandsFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLES = List.of("accepted_command", "domainevententry", "sagaentry", "effect_ledger",
            "inbound_webhook", "scheduled_tasks", "intake_control");
    private static final String SOME_ID = "00000000-0000-4000-8000-00000000abcd";

    private static RunningApp app;
    private static TestApi api;
    private static JdbcTemplate jdbc;
    private static String resourceId;
    private static final AtomicInteger dispatched = new AtomicInteger();
    private Map<String, Long> rowsBefore;

    @BeforeContainer
    static void start() {
        app = RunningApp.start("orderly.test.database=fuzz");
        api = new TestApi(app.port());
        jdbc = new JdbcTemplate(app.bean(DataSource.class));
        resourceId = api.registerResource("Fuzzed desk", 3);
        app.bean(CommandBus.class).registerDispatchInterceptor(new MessageDispatchInterceptor<CommandMessage<?>>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, message) -> {
                    dispatched.incrementAndGet();
                    return message;
                };
            }
        });
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeProperty
    void countRows() {
        dispatched.set(0);
        rowsBefore = rows();
    }

    @AfterProperty
    void nothingWasDispatchedOrWritten() {
        assertThat(dispatched.get()).as("commands dispatched").isZero();
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @Property(tries = 300)
    void a_mutated_field_is_refused_with_a_problem(@ForAll("mutatedRequests") Request request) {
        TestApi.Response response = api.send(request.method(), request.path(), request.body());
        assertRefused(request, response);
        assertCardNumberRefusedUnrepeated(request, response.text("type"), response.body());
    }

    @Property(tries = 200)
    void a_graphql_mutation_with_a_mutated_input_is_refused_with_a_problem(
            @ForAll("mutatedMutations") Request request) throws Exception {
        TestApi.Response response = api.post("/graphql", request.body());
        assertThat(response.status()).as(request.toString()).isBetween(200, 499);
        JsonNode errors = response.body().path("errors");
        assertThat(errors.isArray() && !errors.isEmpty()).as(request + " -> " + response.body()).isTrue();
        assertThat(errors.get(0).path("extensions").path("type").asText()).as(request + " -> " + response.body())
                .startsWith("https://orderly.dev/problems/");
        JsonNode data = response.body().path("data");
        assertThat(data.isMissingNode() || data.isNull() || data.elements().next().isNull())
                .as(request + " -> " + response.body()).isTrue();
        assertCardNumberRefusedUnrepeated(request, errors.get(0).path("extensions").path("type").asText(),
                response.body());
    }

    @Property(tries = 150)
    void malformed_json_is_refused_with_a_problem(@ForAll("endpoints") Endpoint endpoint, @ForAll boolean viaGraphQl,
                                                  @ForAll("cuts") double cut, @ForAll("garbage") String garbage) {
        boolean graphQl = viaGraphQl && endpoint.mutation() != null;
        String valid = graphQl ? graphQl(endpoint.mutation(), endpoint.validBody().toString())
                : endpoint.validBody().toString();
        List<Integer> outsideStrings = structuralPositions(valid);
        int at = outsideStrings.get((int) (cut * outsideStrings.size()));
        String body = valid.substring(0, at) + garbage + valid.substring(at);
        Request request = graphQl ? new Request("POST", "/graphql", body, "malformed at " + at)
                : new Request(endpoint.method(), endpoint.path(), body, "malformed at " + at);
        assertRefused(request, api.send(request.method(), request.path(), request.body()));
    }

    /** Where inserted garbage breaks the document: anywhere but inside a string, where it would just be text. */
    private static List<Integer> structuralPositions(String json) {
        List<Integer> positions = new java.util.ArrayList<>();
        boolean inString = false;
        for (int i = 0; i <= json.length(); i++) {
            if (!inString) {
                positions.add(i);
            }
            if (i < json.length() && json.charAt(i) == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
        }
        return positions;
    }

    private static void assertRefused(Request request, TestApi.Response response) {
        assertThat(response.status()).as(request.toString()).isBetween(400, 499);
        assertThat(response.contentType()).as(request.toString()).startsWith("application/problem+json");
        assertThat(response.text("type")).as(request.toString()).startsWith("https://orderly.dev/problems/");
    }

    /** A card number sent in any field is refused as such, before any other check, and not quoted back. */
    private static void assertCardNumberRefusedUnrepeated(Request request, String type, JsonNode answer) {
        if (request.card() == null) {
            return;
        }
        assertThat(type).as(request.toString()).isEqualTo("https://orderly.dev/problems/card-number-not-accepted");
        String digits = request.card().replaceAll("[^0-9]", "");
        assertThat(answer.toString().replaceAll("[ -]", "")).as(request.toString()).doesNotContain(digits);
    }

    private static Map<String, Long> rows() {
        return TABLES.stream().collect(java.util.stream.Collectors.toMap(table -> table,
                table -> jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class)));
    }

    // ---- what is sent

    enum Kind { STRING, UUID, INT, LONG, CODE, TOKEN, LIST, OBJECT }

    record Field(String pointer, Kind kind, boolean required) {
    }

    /**
     * @param mutation the GraphQL mutation that takes the same input as {@code $input}, or null if there is none
     */
    record Endpoint(String method, String path, ObjectNode validBody, List<Field> fields, String mutation) {
        Endpoint(String method, String path, ObjectNode validBody, List<Field> fields) {
            this(method, path, validBody, fields, null);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** @param card the card number the request carries, or null */
    record Request(String method, String path, String body, String mutation, String card) {
        Request(String method, String path, String body, String mutation) {
            this(method, path, body, mutation, null);
        }

        @Override
        public String toString() {
            return method + " " + path + " [" + mutation + "] " + (body.length() > 300
                    ? body.substring(0, 300) + "..." : body);
        }
    }

    @Provide
    Arbitrary<Request> mutatedMutations() {
        return Arbitraries.of(endpointList().stream().filter(endpoint -> endpoint.mutation() != null).toList())
                .flatMap(endpoint -> Combinators.combine(Arbitraries.of(endpoint.fields()),
                                Arbitraries.of(Mutation.values()), junk())
                        .as((field, mutation, junk) -> mutation.apply(endpoint, field, junk))
                        .filter(java.util.Objects::nonNull)
                        .map(request -> new Request("POST", "/graphql", graphQl(endpoint.mutation(), request.body()),
                                request.mutation(), request.card())));
    }

    private static String graphQl(String mutation, String input) {
        ObjectNode request = JSON.createObjectNode().put("query", mutation);
        request.putObject("variables").set("input", object(input));
        return request.toString();
    }

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(endpointList());
    }

    @Provide
    Arbitrary<Double> cuts() {
        return Arbitraries.doubles().between(0.0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.of("{", "}", "]", ",", "\"", ":", "'", "\\", "NaN", "\u0000", "/*", "{{", ",,", "tru");
    }

    @Provide
    Arbitrary<Request> mutatedRequests() {
        return endpoints().flatMap(endpoint -> Combinators.combine(
                Arbitraries.of(endpoint.fields()), Arbitraries.of(Mutation.values()), junk())
                .as((field, mutation, junk) -> mutation.apply(endpoint, field, junk))
                .filter(java.util.Objects::nonNull));
    }

    private static Arbitrary<Junk> junk() {
        return Combinators.combine(
                Arbitraries.strings().ofMinLength(10_001).ofMaxLength(12_000).withChars('x', 'y', 'é', '😀', ' '),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                cardNumbers())
                .as(Junk::new);
    }

    /** Luhn-valid numbers of 13 to 19 digits, written plain, in groups of four, or with dashes. */
    private static Arbitrary<String> cardNumbers() {
        return Combinators.combine(Arbitraries.strings().numeric().ofMinLength(12).ofMaxLength(18),
                Arbitraries.of("", " ", "-")).as((payload, separator) -> {
            String number = payload + luhnDigit(payload);
            return separator.isEmpty() ? number : String.join(separator, number.split("(?<=\\G.{4})"));
        });
    }

    /** The check digit that makes {@code payload} followed by it pass the Luhn check. */
    private static int luhnDigit(String payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int digit = payload.charAt(payload.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
        }
        return (10 - sum % 10) % 10;
    }

    record Junk(String huge, long positive, String word, String card) {
    }

    /** Each mutation is wrong for the field it is applied to; it returns null where it does not apply. */
    enum Mutation {
        OBJECT_INSTEAD {
            JsonNode value(Field field, Junk junk) {
                return JSON.createObjectNode().put("nested", true);
            }
        },
        ARRAY_INSTEAD {
            JsonNode value(Field field, Junk junk) {
                return JSON.createArrayNode().add(1).add("two");
            }
        },
        HUGE_STRING {
            JsonNode value(Field field, Junk junk) {
                return JSON.getNodeFactory().textNode(junk.huge());
            }
        },
        NEGATIVE_NUMBER {
            JsonNode value(Field field, Junk junk) {
                return isNumber(field) ? JSON.getNodeFactory().numberNode(-junk.positive()) : null;
            }
        },
        OVERFLOWING_NUMBER {
            JsonNode value(Field field, Junk junk) {
                return isNumber(field) ? JSON.getNodeFactory().numberNode(
                        new java.math.BigInteger("9223372036854775808").add(java.math.BigInteger.valueOf(
                                junk.positive()))) : null;
            }
        },
        UNKNOWN_ENUM_VALUE {
            JsonNode value(Field field, Junk junk) {
                return field.kind() == Kind.CODE ? JSON.getNodeFactory().textNode("NOT_A_" + junk.word()) : null;
            }
        },
        NULL_REQUIRED {
            JsonNode value(Field field, Junk junk) {
                return field.required() ? JSON.getNodeFactory().nullNode() : null;
            }
        },
        MISSING_REQUIRED {
            JsonNode value(Field field, Junk junk) {
                return field.required() ? REMOVE : null;
            }
        },
        UNKNOWN_PROPERTY {
            JsonNode value(Field field, Junk junk) {
                return ADD_UNKNOWN;
            }
        },
        /** A card number where a token, a name, an id or a number belongs: any field, as text or as a number. */
        CARD_NUMBER {
            JsonNode value(Field field, Junk junk) {
                String digits = junk.card().replaceAll("[ -]", "");
                return isNumber(field) && digits.equals(junk.card()) && digits.charAt(0) != '0'
                        ? JSON.getNodeFactory().numberNode(new java.math.BigInteger(digits))
                        : JSON.getNodeFactory().textNode(junk.card());
            }
        },
        /** A payment token with characters no provider's token has. */
        MALFORMED_TOKEN {
            JsonNode value(Field field, Junk junk) {
                return field.kind() == Kind.TOKEN ? JSON.getNodeFactory().textNode("tok_" + junk.word() + "<\"';%00 ")
                        : null;
            }
        };

        private static final JsonNode REMOVE = JSON.getNodeFactory().textNode("<remove>");
        private static final JsonNode ADD_UNKNOWN = JSON.getNodeFactory().textNode("<unknown>");

        abstract JsonNode value(Field field, Junk junk);

        Request apply(Endpoint endpoint, Field field, Junk junk) {
            JsonNode value = value(field, junk);
            if (value == null) {
                return null;
            }
            ObjectNode body = endpoint.validBody().deepCopy();
            int split = field.pointer().lastIndexOf('/');
            ContainerNode<?> parent = (ContainerNode<?>) body.at(field.pointer().substring(0, split));
            String name = field.pointer().substring(split + 1);
            if (value == ADD_UNKNOWN) {
                if (!(parent instanceof ObjectNode object)) {
                    return null;
                }
                object.put("unexpected_" + junk.word(), 1);
            } else if (parent instanceof ObjectNode object) {
                if (value == REMOVE) {
                    object.remove(name);
                } else {
                    object.set(name, value);
                }
            } else if (parent instanceof ArrayNode array) {
                if (value == REMOVE) {
                    array.remove(Integer.parseInt(name));
                } else {
                    array.set(Integer.parseInt(name), value);
                }
            }
            return new Request(endpoint.method(), endpoint.path(), body.toString(), name() + " " + field.pointer(),
                    this == CARD_NUMBER ? junk.card() : null);
        }

        private static boolean isNumber(Field field) {
            return field.kind() == Kind.INT || field.kind() == Kind.LONG;
        }
    }

    private static List<Endpoint> endpointList() {
        return List.of(
                new Endpoint("POST", "/api/resources", object("{\"name\":\"Desk\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}"), List.of(
                        new Field("/name", Kind.STRING, true), new Field("/capacity", Kind.INT, true),
                        new Field("/unitPrice", Kind.LONG, true), new Field("/currency", Kind.CODE, true)),
                        "mutation($input: RegisterResourceInput!) { registerResource(input: $input) { "
                                + "consistencyToken } }"),
                new Endpoint("PUT", "/api/resources/" + resourceId + "/capacity", object("{\"capacity\":4}"),
                        List.of(new Field("/capacity", Kind.INT, true)),
                        "mutation($input: ChangeCapacityInput!) { changeCapacity(resourceId: \"" + resourceId
                                + "\", input: $input) { capacity } }"),
                new Endpoint("PUT", "/api/resources/" + resourceId + "/price",
                        object("{\"unitPrice\":1300,\"currency\":\"EUR\"}"),
                        List.of(new Field("/unitPrice", Kind.LONG, true), new Field("/currency", Kind.CODE, true)),
                        "mutation($input: ChangePriceInput!) { changePrice(resourceId: \"" + resourceId
                                + "\", input: $input) { unitPrice } }"),
                new Endpoint("POST", "/api/resources/" + resourceId + "/reservations",
                        object("{\"reservationId\":\"" + UUID.randomUUID() + "\",\"customerId\":\"carol\","
                                + "\"quantity\":1}"),
                        List.of(new Field("/reservationId", Kind.UUID, false),
                                new Field("/customerId", Kind.STRING, true), new Field("/quantity", Kind.INT, true)),
                        "mutation($input: ReserveInput!) { reserve(resourceId: \"" + resourceId
                                + "\", input: $input) { consistencyToken } }"),
                new Endpoint("POST", "/api/reservations/" + SOME_ID + "/release", object("{\"reason\":\"r\"}"),
                        List.of(new Field("/reason", Kind.STRING, false)),
                        "mutation($input: ReleaseInput) { releaseReservation(reservationId: \"" + SOME_ID
                                + "\", input: $input) { consistencyToken } }"),
                new Endpoint("POST", "/api/payments", object("{\"orderId\":\"" + UUID.randomUUID()
                        + "\",\"amount\":100,\"currency\":\"EUR\","
                        + "\"paymentToken\":\"" + TestSandbox.tokenFor(TestOrders.GOOD_CARD) + "\"}"),
                        List.of(new Field("/orderId", Kind.UUID, true),
                                new Field("/amount", Kind.LONG, true), new Field("/currency", Kind.CODE, true),
                                new Field("/paymentToken", Kind.TOKEN, true)),
                        "mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { "
                                + "consistencyToken } }"),
                new Endpoint("POST", "/api/orders", orderBody(), List.of(
                        new Field("/orderId", Kind.UUID, false), new Field("/customerId", Kind.STRING, true),
                        new Field("/email", Kind.STRING, true), new Field("/currency", Kind.CODE, false),
                        new Field("/paymentToken", Kind.TOKEN, true), new Field("/lines", Kind.LIST, true),
                        new Field("/lines/0/resourceId", Kind.UUID, true),
                        new Field("/lines/0/quantity", Kind.INT, true),
                        new Field("/lines/0/unitPrice", Kind.LONG, false), new Field("/shipTo", Kind.OBJECT, true),
                        new Field("/shipTo/name", Kind.STRING, true), new Field("/shipTo/country", Kind.CODE, true),
                        new Field("/shipTo/postalCode", Kind.STRING, true)),
                        "mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { consistencyToken } }"),
                new Endpoint("POST", "/api/orders/" + SOME_ID + "/cancellation", object("{\"reason\":\"r\"}"),
                        List.of(new Field("/reason", Kind.STRING, false)),
                        "mutation($input: CancelOrderInput) { cancelOrder(orderId: \"" + SOME_ID
                                + "\", input: $input) { consistencyToken } }"),
                new Endpoint("POST", "/api/ops/payments/" + SOME_ID + "/resolution",
                        object("{\"operator\":\"o\",\"resolution\":\"CAPTURED\",\"note\":\"n\"}"),
                        List.of(new Field("/operator", Kind.STRING, true), new Field("/resolution", Kind.CODE, true),
                                new Field("/note", Kind.STRING, true))),
                new Endpoint("POST", "/api/ops/intake/pause", object("{\"operator\":\"o\",\"reason\":\"r\"}"),
                        List.of(new Field("/operator", Kind.STRING, true), new Field("/reason", Kind.STRING, true))),
                new Endpoint("POST", "/api/ops/intake/resume", object("{\"operator\":\"o\"}"),
                        List.of(new Field("/operator", Kind.STRING, true))),
                new Endpoint("POST", "/api/ops/resources/" + resourceId + "/notices",
                        object("{\"noticeId\":\"" + UUID.randomUUID() + "\",\"operator\":\"o\",\"subject\":\"s\","
                                + "\"body\":\"b\"}"),
                        List.of(new Field("/noticeId", Kind.UUID, false), new Field("/operator", Kind.STRING, true),
                                new Field("/subject", Kind.STRING, true), new Field("/body", Kind.STRING, true))));
    }

    private static ObjectNode orderBody() {
        return object(TestOrders.orderJson(resourceId, 1, "carol", "carol@example.com", TestOrders.GOOD_CARD)
                .replace("{\"customerId\"", "{\"orderId\":\"" + UUID.randomUUID() + "\",\"customerId\""));
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
