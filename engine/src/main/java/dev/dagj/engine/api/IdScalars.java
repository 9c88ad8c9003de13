package dev.dagj.engine.api;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.util.Locale;

/**
 * The typed ID scalars ({@code DirectoryID}, {@code FileID}): strings on the wire and as literals (the SDKs inline
 * IDs as string literals). They are decoded and type-checked by the resolver that uses them, which can say which
 * argument is at fault.
 */
final class IdScalars {
    private IdScalars() {
    }

    static GraphQLScalarType of(String name) {
        return string(name, "The ID of a " + name.replace("ID", "") + ".");
    }

    /** {@code Platform}: os/architecture[/variant] as a string. */
    static GraphQLScalarType platform() {
        return string("Platform", "A platform, os/architecture[/variant].");
    }

    /**
     * Whether {@code t} is one of these scalars, whose literal is valid whatever the string says (the document cache
     * relies on it to reuse a validated document for other string contents).
     */
    static boolean acceptsAnyString(GraphQLScalarType t) {
        return t.getCoercing() instanceof AnyString;
    }

    /** A coercing whose {@code parseLiteral} accepts every string literal. */
    private interface AnyString extends Coercing<String, String> {
    }

    private static GraphQLScalarType string(String name, String description) {
        return GraphQLScalarType.newScalar().name(name).description(description)
                .coercing(new AnyString() {
                    @Override
                    public String serialize(Object v, GraphQLContext c, Locale l) {
                        if (v instanceof String s) {
                            return s;
                        }
                        throw new CoercingSerializeException(name + " must be a string");
                    }

                    @Override
                    public String parseValue(Object v, GraphQLContext c, Locale l) {
                        if (v instanceof String s) {
                            return s;
                        }
                        throw new CoercingParseValueException(name + " must be given as a string");
                    }

                    @Override
                    public String parseLiteral(Value<?> v, CoercedVariables vars, GraphQLContext c, Locale l) {
                        if (v instanceof StringValue s) {
                            return s.getValue();
                        }
                        throw new CoercingParseLiteralException(name + " must be given as a string literal");
                    }

                    @Override
                    public Value<?> valueToLiteral(Object v, GraphQLContext c, Locale l) {
                        return StringValue.of(String.valueOf(v));
                    }
                }).build();
    }
}
