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
        return GraphQLScalarType.newScalar().name(name).description("The ID of a " + name.replace("ID", "") + ".")
                .coercing(new Coercing<String, String>() {
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
