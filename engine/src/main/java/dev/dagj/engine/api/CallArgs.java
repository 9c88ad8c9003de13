package dev.dagj.engine.api;

import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLType;
import graphql.schema.InputValueWithState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records the arguments of a GraphQL field call as {@link CallId} arguments: in schema declaration order, nulls and
 * values equal to the declared default left out, and values of ID-typed arguments ({@code DirectoryID},
 * {@code FileID}, {@code ID}) decoded into the argument's own {@link CallId}.
 */
final class CallArgs {
    private CallArgs() {
    }

    static List<CallId.Arg> of(DataFetchingEnvironment env) throws ApiException {
        List<CallId.Arg> out = new ArrayList<>();
        for (GraphQLArgument a : env.getFieldDefinition().getArguments()) {
            Object v = env.getArgument(a.getName());
            if (v == null || (a.hasSetDefaultValue() && Objects.equals(v, defaultOf(a)))) {
                continue;
            }
            out.add(new CallId.Arg(a.getName(), literal(a.getName(), a.getType(), v)));
        }
        return out;
    }

    private static Object defaultOf(GraphQLArgument a) {
        InputValueWithState d = a.getArgumentDefaultValue();
        Object v = d.getValue();
        return d.isLiteral() && v instanceof Value<?> lit ? fromAst(lit) : v;
    }

    private static Object fromAst(Value<?> v) {
        // instanceof, not a pattern switch, in this per-request code: see CallId
        if (v instanceof IntValue i) {
            return i.getValue().intValue();
        }
        if (v instanceof BooleanValue b) {
            return b.isValue();
        }
        if (v instanceof StringValue s) {
            return s.getValue();
        }
        if (v instanceof graphql.language.EnumValue e) {
            return e.getName();
        }
        if (v instanceof ArrayValue a) {
            return a.getValues().stream().map(CallArgs::fromAst).toList();
        }
        return null;
    }

    /**
     * One argument value as an ID literal: object IDs (typed {@code <T>ID}) are decoded so the call chain embeds
     * them, lists element by element, scalars as they are (floats as their decimal text).
     */
    static Literal literal(String arg, GraphQLType type, Object v) throws ApiException {
        GraphQLType t = type instanceof GraphQLNonNull nn ? nn.getWrappedType() : type;
        if (t instanceof GraphQLList list) {
            List<Literal> vs = new ArrayList<>();
            for (Object x : (List<?>) v) {
                if (x != null) {
                    vs.add(literal(arg, list.getWrappedType(), x));
                }
            }
            return new Literal.ListOf(vs);
        }
        String name = ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(t)).getName();
        if (name.endsWith("ID") && !name.equals("ID") && v instanceof String s) {
            try {
                return new Literal.Id(IdCodec.decode(s));
            } catch (ApiException e) {
                throw new ApiException("argument " + arg + ": " + e.getMessage(), e);
            }
        }
        if (v instanceof String s) {
            return new Literal.Str(s);
        }
        if (v instanceof Integer i) {
            return new Literal.Int(i);
        }
        if (v instanceof Long l) {
            return new Literal.Int(l);
        }
        if (v instanceof Boolean b) {
            return new Literal.Bool(b);
        }
        if (v instanceof Double d) {
            return new Literal.Str(Double.toString(d));
        }
        if (v instanceof Float f) {
            return new Literal.Str(Float.toString(f));
        }
        throw new ApiException("argument " + arg + ": unsupported value " + v);
    }
}
