package dev.dagj.engine.api;

import graphql.introspection.Introspection;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.scalar.GraphqlIDCoercing;
import graphql.scalar.GraphqlStringCoercing;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which string literals of a validated document may take any other content without changing whether the document
 * validates ("free" slots), found by walking the document against its schema.
 *
 * <p>A literal is free when it is a field argument, a variable's default value, a list item or an input object
 * field (at any depth) whose input type is {@code String}, {@code ID} or one of the engine's ID scalars
 * ({@link IdScalars#acceptsAnyString}): their literal coercion accepts every string, so the validation rule on
 * argument values cannot depend on the content. Every other literal is fixed: in a directive argument, of a custom
 * scalar such as {@code JSON} (whose literal is parsed), in a position whose type is unknown. One more validation
 * rule reads argument values: fields merged under one response key must have equal arguments. So a literal under a
 * field whose response key (alias or name) occurs more than once in the document is fixed too. Literals in
 * directive arguments are never recorded, so they are fixed.
 */
final class ShapeSlots {
    private final GraphQLSchema schema;
    private final Map<String, Integer> responseKeys = new HashMap<>();
    /** The free literals, each with the field whose arguments hold it (null for a variable default). */
    private final Map<StringValue, Field> free = new IdentityHashMap<>();

    private ShapeSlots(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** The free string literals of {@code doc} (by identity), which must have validated against {@code schema}. */
    static Set<StringValue> free(GraphQLSchema schema, Document doc) {
        ShapeSlots s = new ShapeSlots(schema);
        for (Definition<?> d : doc.getDefinitions()) {
            if (d instanceof OperationDefinition op) {
                for (VariableDefinition v : op.getVariableDefinitions()) {
                    if (v.getDefaultValue() != null) {
                        s.value(v.getDefaultValue(), s.inputType(v.getType()), null);
                    }
                }
                GraphQLType root = switch (op.getOperation()) {
                    case QUERY -> schema.getQueryType();
                    case MUTATION -> schema.getMutationType();
                    case SUBSCRIPTION -> schema.getSubscriptionType();
                };
                s.selections(op.getSelectionSet(), root);
            } else if (d instanceof FragmentDefinition f) {
                s.selections(f.getSelectionSet(), schema.getType(f.getTypeCondition().getName()));
            }
        }
        Set<StringValue> out = Collections.newSetFromMap(new IdentityHashMap<>());
        s.free.forEach((sv, field) -> {
            if (field == null || s.responseKeys.getOrDefault(responseKey(field), 0) == 1) {
                out.add(sv);
            }
        });
        return out;
    }

    private static String responseKey(Field f) {
        return f.getAlias() != null ? f.getAlias() : f.getName();
    }

    private void selections(SelectionSet set, GraphQLType parent) {
        if (set == null) {
            return;
        }
        for (Selection<?> sel : set.getSelections()) {
            if (sel instanceof Field f) {
                responseKeys.merge(responseKey(f), 1, Integer::sum);
                GraphQLFieldDefinition def = parent instanceof GraphQLCompositeType c
                        ? Introspection.getFieldDef(schema, c, f.getName()) : null;
                for (Argument a : f.getArguments()) {
                    GraphQLArgument arg = def == null ? null : def.getArgument(a.getName());
                    value(a.getValue(), arg == null ? null : arg.getType(), f);
                }
                selections(f.getSelectionSet(), def == null ? null : GraphQLTypeUtil.unwrapAll(def.getType()));
            } else if (sel instanceof InlineFragment i) {
                selections(i.getSelectionSet(),
                        i.getTypeCondition() == null ? parent : schema.getType(i.getTypeCondition().getName()));
            } else if (sel instanceof FragmentSpread s) {
            }
        }
    }

    private void value(Value<?> v, GraphQLType type, Field owner) {
        GraphQLType t = type instanceof GraphQLNonNull nn ? nn.getWrappedType() : type;
        if (v instanceof StringValue sv) {
            if (t instanceof GraphQLScalarType s && anyString(s)) {
                free.put(sv, owner);
            }
        } else if (v instanceof ArrayValue arr) {
            GraphQLType item = t instanceof GraphQLList l ? l.getWrappedType() : null;
            for (Value<?> x : arr.getValues()) {
                value(x, item, owner);
            }
        } else if (v instanceof ObjectValue obj) {
            for (ObjectField of : obj.getObjectFields()) {
                GraphQLInputObjectField f = t instanceof GraphQLInputObjectType io ? io.getField(of.getName()) : null;
                value(of.getValue(), f == null ? null : f.getType(), owner);
            }
        }
        // A single value given for a list type is coerced as one item of it.
        if (!(v instanceof ArrayValue) && t instanceof GraphQLList l) {
            value(v, l.getWrappedType(), owner);
        }
    }

    private static boolean anyString(GraphQLScalarType s) {
        return s.getCoercing() instanceof GraphqlStringCoercing || s.getCoercing() instanceof GraphqlIDCoercing
                || IdScalars.acceptsAnyString(s);
    }

    private GraphQLType inputType(Type<?> t) {
        if (t instanceof NonNullType nn) {
            GraphQLType inner = inputType(nn.getType());
            return inner == null ? null : GraphQLNonNull.nonNull(inner);
        }
        if (t instanceof ListType l) {
            GraphQLType inner = inputType(l.getType());
            return inner == null ? null : GraphQLList.list(inner);
        }
        return t instanceof TypeName n ? schema.getType(n.getName()) : null;
    }

}
