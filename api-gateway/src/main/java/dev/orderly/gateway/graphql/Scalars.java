package dev.orderly.gateway.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.scalars.ExtendedScalars;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/** The schema's own scalars. A value that does not fit is refused while the request is validated: a 4xx, never run. */
final class Scalars {

    /** 64 bits, since GraphQL's {@code Int} has 32 and amounts in minor units and event positions need more. */
    static final GraphQLScalarType LONG = GraphQLScalarType.newScalar().name("Long")
            .description("A 64-bit integer").coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof Long || value instanceof Integer) {
                        return ((Number) value).longValue();
                    }
                    throw new CoercingSerializeException("not a Long: " + value.getClass().getSimpleName());
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        if (input instanceof Long || input instanceof Integer) {
                            return ((Number) input).longValue();
                        }
                        if (input instanceof BigInteger big) {
                            return big.longValueExact();
                        }
                        if (input instanceof String text) {
                            return Long.parseLong(text);
                        }
                    } catch (ArithmeticException | NumberFormatException e) {
                        throw new CoercingParseValueException("not a 64-bit integer");
                    }
                    throw new CoercingParseValueException("not a 64-bit integer");
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                         Locale locale) {
                    try {
                        if (input instanceof IntValue number) {
                            return number.getValue().longValueExact();
                        }
                        if (input instanceof StringValue text) {
                            return Long.parseLong(text.getValue());
                        }
                    } catch (ArithmeticException | NumberFormatException e) {
                        throw new CoercingParseLiteralException("not a 64-bit integer");
                    }
                    throw new CoercingParseLiteralException("not a 64-bit integer");
                }

                @Override
                public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                    return IntValue.of(0).transform(builder -> builder.value(BigInteger.valueOf(
                            parseValue(input, context, locale))));
                }
            }).build();

    static final GraphQLScalarType UUID_SCALAR = GraphQLScalarType.newScalar().name("UUID")
            .description("A UUID").coercing(new Coercing<UUID, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof UUID || value instanceof String) {
                        return value.toString();
                    }
                    throw new CoercingSerializeException("not a UUID: " + value.getClass().getSimpleName());
                }

                @Override
                public UUID parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof String text) {
                        try {
                            return UUID.fromString(text);
                        } catch (IllegalArgumentException e) {
                            throw new CoercingParseValueException("not a UUID");
                        }
                    }
                    throw new CoercingParseValueException("not a UUID");
                }

                @Override
                public UUID parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                         Locale locale) {
                    if (input instanceof StringValue text) {
                        try {
                            return UUID.fromString(text.getValue());
                        } catch (IllegalArgumentException e) {
                            throw new CoercingParseLiteralException("not a UUID");
                        }
                    }
                    throw new CoercingParseLiteralException("not a UUID");
                }

                @Override
                public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                    return StringValue.of(input.toString());
                }
            }).build();

    /**
     * graphql-java-extended-scalars' RFC 3339 {@code DateTime}, which also takes the read model's {@link Instant}s
     * (as UTC). It answers milliseconds; the deprecated {@code String} timestamps keep the read model's precision.
     */
    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar(ExtendedScalars.DateTime)
            .coercing(new Coercing<OffsetDateTime, String>() {
                @SuppressWarnings("unchecked")
                private final Coercing<OffsetDateTime, String> rfc3339 =
                        (Coercing<OffsetDateTime, String>) ExtendedScalars.DateTime.getCoercing();

                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    return rfc3339.serialize(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC)
                            : value, context, locale);
                }

                @Override
                public OffsetDateTime parseValue(Object input, GraphQLContext context, Locale locale) {
                    return rfc3339.parseValue(input, context, locale);
                }

                @Override
                public OffsetDateTime parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                                   Locale locale) {
                    return rfc3339.parseLiteral(input, variables, context, locale);
                }

                @Override
                public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                    return rfc3339.valueToLiteral(input, context, locale);
                }
            }).build();

    private Scalars() {
    }
}
