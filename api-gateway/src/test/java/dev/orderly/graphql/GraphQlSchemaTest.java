package dev.orderly.graphql;

import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.payment.PaymentStatus;
import dev.orderly.query.resource.ReservationStatus;
import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Directive;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema as a client generator reads it: statuses are enums that cover every value the read model holds,
 * timestamps are {@code DateTime}, lists are Relay connections, and every deprecation says what to use instead.
 * Deprecated fields are the old shape kept for one release, so the rules apply to the rest.
 */
class GraphQlSchemaTest {

    private static TypeDefinitionRegistry schema;

    @BeforeAll
    static void parse() throws IOException {
        try (InputStream in = GraphQlSchemaTest.class.getResourceAsStream("/graphql/schema.graphqls")) {
            schema = new SchemaParser().parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    @Test
    void the_status_enums_have_exactly_the_values_the_read_model_can_hold() {
        Map<String, Class<? extends Enum<?>>> statuses = Map.of("OrderStatus", OrderStatus.class,
                "PaymentStatus", PaymentStatus.class, "ReservationStatus", ReservationStatus.class);

        statuses.forEach((name, java) -> {
            Set<String> graphQl = schema.getType(name, EnumTypeDefinition.class).orElseThrow()
                    .getEnumValueDefinitions().stream().map(EnumValueDefinition::getName).collect(Collectors.toSet());
            Set<String> held = Arrays.stream(java.getEnumConstants()).map(Enum::name).collect(Collectors.toSet());
            assertThat(graphQl).as(name).isEqualTo(held);
        });
    }

    @Test
    void every_status_field_and_argument_is_an_enum() {
        List<String> stringly = new ArrayList<>();
        forEachField((type, field) -> {
            // a subscription named for the status it streams returns an object; its status field is checked there
            if (isStatus(field.getName()) && !isEnum(field.getType()) && !isObject(field.getType())) {
                stringly.add(type.getName() + "." + field.getName());
            }
            field.getInputValueDefinitions().stream()
                    .filter(argument -> isStatus(argument.getName()) && !isEnum(argument.getType()))
                    .forEach(argument -> stringly.add(type.getName() + "." + field.getName() + "("
                            + argument.getName() + ")"));
        });

        assertThat(stringly).isEmpty();
        assertThat(fieldType("Order", "status")).isEqualTo("OrderStatus");
        assertThat(fieldType("Order", "paymentStatus")).isEqualTo("PaymentStatus");
        assertThat(fieldType("Payment", "status")).isEqualTo("PaymentStatus");
        assertThat(fieldType("Reservation", "status")).isEqualTo("ReservationStatus");
    }

    @Test
    void every_timestamp_is_a_date_time() {
        List<String> timestamps = new ArrayList<>();
        List<String> notDateTime = new ArrayList<>();
        forEachField((type, field) -> {
            String name = field.getName();
            if (name.endsWith("At") || name.endsWith("Time") || name.equals("at") || name.equals("time")) {
                timestamps.add(type.getName() + "." + name);
                if (!TypeInfo.typeInfo(field.getType()).getName().equals("DateTime")) {
                    notDateTime.add(type.getName() + "." + name);
                }
            }
        });

        assertThat(notDateTime).isEmpty();
        assertThat(timestamps).contains("Order.placedTime", "Order.updatedTime", "TimelineEntry.time",
                "Payment.updatedTime");
    }

    @Test
    void every_list_of_orders_resources_and_reservations_is_a_relay_connection() {
        ObjectTypeDefinition pageInfo = schema.getType("PageInfo", ObjectTypeDefinition.class).orElseThrow();
        assertThat(shape(pageInfo)).containsExactlyInAnyOrderEntriesOf(Map.of("hasNextPage", "Boolean!",
                "hasPreviousPage", "Boolean!", "startCursor", "String", "endCursor", "String"));
        List<String> connectionFields = new ArrayList<>();

        forEachField((type, field) -> {
            String returned = TypeInfo.typeInfo(field.getType()).getName();
            if (!returned.endsWith("Connection")) {
                return;
            }
            connectionFields.add(type.getName() + "." + field.getName());
            String node = returned.substring(0, returned.length() - "Connection".length());
            ObjectTypeDefinition connection = schema.getType(returned, ObjectTypeDefinition.class).orElseThrow();
            ObjectTypeDefinition edge = schema.getType(node + "Edge", ObjectTypeDefinition.class).orElseThrow();
            assertThat(shape(connection)).as(returned)
                    .containsEntry("edges", "[" + node + "Edge!]!").containsEntry("pageInfo", "PageInfo!");
            assertThat(shape(edge)).as(edge.getName())
                    .containsEntry("cursor", "String!").containsEntry("node", node + "!");
            Map<String, String> arguments = field.getInputValueDefinitions().stream().collect(Collectors.toMap(
                    InputValueDefinition::getName, argument -> AstPrinter.printAst(argument.getType())));
            assertThat(arguments).as(connectionFields.get(connectionFields.size() - 1))
                    .containsEntry("first", "Int").containsEntry("after", "String");
        });

        assertThat(connectionFields).contains("Query.orderConnection", "Query.resourceConnection", "Me.orders",
                "Me.reservations");
        assertThat(fieldType("Query", "me")).isEqualTo("Me");
    }

    @Test
    void every_deprecation_names_what_to_use_instead() {
        Map<String, String> reasons = new LinkedHashMap<>();
        forEachFieldIncludingDeprecated((type, field) -> deprecation(field.getDirectives())
                .ifPresent(reason -> reasons.put(type.getName() + "." + field.getName(), reason)));

        assertThat(reasons).containsOnlyKeys("Query.resources", "Query.orders", "Order.placedAt", "Order.updatedAt",
                "TimelineEntry.at", "Payment.updatedAt");
        reasons.forEach((field, reason) -> {
            assertThat(reason).as(field).startsWith("Use ");
            String replacement = reason.substring("Use ".length()).split("[^A-Za-z]", 2)[0];
            String type = field.substring(0, field.indexOf('.'));
            assertThat(schema.getType(type, ObjectTypeDefinition.class).orElseThrow().getFieldDefinitions())
                    .as(field + " points to a field that exists")
                    .anySatisfy(candidate -> assertThat(candidate.getName()).isEqualTo(replacement));
        });
    }

    private static Optional<String> deprecation(List<Directive> directives) {
        return directives.stream().filter(directive -> directive.getName().equals("deprecated")).findFirst()
                .map(directive -> Optional.ofNullable(directive.getArgument("reason")).map(Argument::getValue)
                        .map(value -> ((StringValue) value).getValue().strip()).orElse(""));
    }

    private static boolean isStatus(String name) {
        return name.equals("status") || name.endsWith("Status");
    }

    private static boolean isEnum(Type<?> type) {
        return schema.getType(TypeInfo.typeInfo(type).getName(), EnumTypeDefinition.class).isPresent();
    }

    private static boolean isObject(Type<?> type) {
        return schema.getType(TypeInfo.typeInfo(type).getName(), ObjectTypeDefinition.class).isPresent();
    }

    private static String fieldType(String type, String field) {
        return schema.getType(type, ObjectTypeDefinition.class).orElseThrow().getFieldDefinitions().stream()
                .filter(candidate -> candidate.getName().equals(field)).findFirst()
                .map(found -> TypeInfo.typeInfo(found.getType()).getName()).orElseThrow();
    }

    private static Map<String, String> shape(ObjectTypeDefinition type) {
        return type.getFieldDefinitions().stream().collect(Collectors.toMap(FieldDefinition::getName,
                field -> AstPrinter.printAst(field.getType())));
    }

    /** Every field of every object type but the deprecated ones, which keep the old shape for a release. */
    private static void forEachField(BiConsumer<ObjectTypeDefinition, FieldDefinition> check) {
        forEachFieldIncludingDeprecated((type, field) -> {
            if (deprecation(field.getDirectives()).isEmpty()) {
                check.accept(type, field);
            }
        });
    }

    private static void forEachFieldIncludingDeprecated(
            BiConsumer<ObjectTypeDefinition, FieldDefinition> check) {
        schema.getTypes(ObjectTypeDefinition.class).forEach(type -> type.getFieldDefinitions()
                .forEach(field -> check.accept(type, field)));
    }
}
