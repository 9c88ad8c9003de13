package dev.dagj.engine.api;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.NullValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.util.Locale;

/**
 * {@code JSON}: JSON text carried as a string (SDKs send {@code value: "\"hello\""}); {@code Void}: always null.
 */
final class JsonScalars {
    private JsonScalars() {
    }

    static GraphQLScalarType json() {
        return GraphQLScalarType.newScalar().name("JSON").description("JSON text, carried as a string.")
                .coercing(new Coercing<String, String>() {
                    @Override
                    public String serialize(Object v, GraphQLContext c, Locale l) {
                        return String.valueOf(v);
                    }

                    @Override
                    public String parseValue(Object v, GraphQLContext c, Locale l) {
                        if (v instanceof String s) {
                            return s;
                        }
                        throw new CoercingParseValueException("JSON must be given as a string holding JSON text");
                    }

                    @Override
                    public String parseLiteral(Value<?> v, CoercedVariables vars, GraphQLContext c, Locale l) {
                        if (v instanceof StringValue s) {
                            return s.getValue();
                        }
                        throw new CoercingParseLiteralException("JSON must be given as a string literal holding"
                                + " JSON text");
                    }

                    @Override
                    public Value<?> valueToLiteral(Object v, GraphQLContext c, Locale l) {
                        return StringValue.of(String.valueOf(v));
                    }
                }).build();
    }

    static GraphQLScalarType voidScalar() {
        return GraphQLScalarType.newScalar().name("Void").description("The absence of a value.")
                .coercing(new Coercing<Object, Object>() {
                    @Override
                    public Object serialize(Object v, GraphQLContext c, Locale l) {
                        return null;
                    }

                    @Override
                    public Object parseValue(Object v, GraphQLContext c, Locale l) {
                        return null;
                    }

                    @Override
                    public Object parseLiteral(Value<?> v, CoercedVariables vars, GraphQLContext c, Locale l) {
                        return null;
                    }

                    @Override
                    public Value<?> valueToLiteral(Object v, GraphQLContext c, Locale l) {
                        return NullValue.of();
                    }
                }).build();
    }
}
