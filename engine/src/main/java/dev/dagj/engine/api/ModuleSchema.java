package dev.dagj.engine.api;

import dev.dagj.engine.api.ApiObject.ModuleApiObject;
import dev.dagj.engine.api.ModuleValue.InterfaceVal;
import dev.dagj.engine.api.ModuleValue.UserObjectVal;
import dev.dagj.engine.module.TypeDefs.ArgDef;
import dev.dagj.engine.module.TypeDefs.EnumDef;
import dev.dagj.engine.module.TypeDefs.EnumMember;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.engine.module.TypeDefs.ObjectDef;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.RuntimeWiring;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema extension of a served module: a type per registered object ({@code implements Node}, with its fields
 * and functions, lowerCamel), its {@code <Object>ID} scalar and {@code load<Object>FromID}, an enum per registered
 * enum, and {@code Query.<lowerCamel(name)>(constructor args)} returning the main object. Types the module uses must
 * exist in the core schema or the module.
 */
final class ModuleSchema {
    private ModuleSchema() {
    }

    /**
     * The SDL of {@code m} for a schema that already has the types {@code known} (the core schema's and those of the
     * modules served before); an error names a type the module uses that does not exist.
     */
    static String sdl(ServedModule m, Set<String> known) throws ApiException {
        return sdl(m, known, List.of());
    }

    /**
     * The SDL of {@code m} for a schema that already has the types {@code known}, whose objects also get
     * {@code as<Iface>} for each of {@code foreignInterfaces} (the interface types other modules of the session
     * serve): the conversion checks that the object implements the interface when it is called.
     */
    static String sdl(ServedModule m, Set<String> known, List<String> foreignInterfaces)
            throws ApiException {
        StringBuilder b = new StringBuilder();
        Set<String> own = ownTypes(m);
        for (TypeDef t : m.def().objects()) {
            ObjectDef o = t.object();
            b.append("scalar ").append(o.name()).append("ID\n\n");
            b.append(desc(o.description(), "")).append("type ").append(o.name()).append(" implements Node {\n");
            b.append("  id: ID!\n");
            for (FieldDef f : o.fields()) {
                b.append(desc(f.description(), "  ")).append("  ").append(ModuleNames.lowerCamel(f.name())).append(": ")
                        .append(out(f.type(), own, known, m, o.name() + "." + f.name())).append('\n');
            }
            for (FunctionDef f : o.functions()) {
                b.append(desc(f.description(), "  ")).append("  ").append(ModuleNames.lowerCamel(f.name()))
                        .append(args(f, own, known, m, o.name())).append(": ")
                        .append(out(f.returnType(), own, known, m, o.name() + "." + f.name())).append('\n');
            }
            for (String iface : foreignInterfaces) {
                b.append("  ").append(ModuleInterfaces.asField(iface)).append(": ").append(iface).append("!\n");
            }
            b.append("}\n\n");
        }
        interfaceTypes(b, m, own, known);
        for (TypeDef t : m.def().enums()) {
            EnumDef e = t.enumDef();
            b.append(desc(e.description(), "")).append("enum ").append(e.name()).append(" {\n");
            for (EnumMember mem : e.members()) {
                b.append(desc(mem.description(), "  ")).append("  ").append(mem.name()).append('\n');
            }
            b.append("}\n\n");
        }
        ObjectDef main = m.mainObject();
        if (main == null) {
            throw new ApiException("module " + ModuleLoader.quote(m.name()) + " registered no main object "
                    + ModuleLoader.quote(ModuleNames.pascal(m.name())));
        }
        b.append("extend type Query {\n");
        b.append(desc(m.def().description(), "  ")).append("  ").append(m.queryField());
        if (main.constructor() != null) {
            b.append(args(main.constructor(), own, known, m, main.name()));
        }
        b.append(": ").append(main.name()).append("!\n");
        for (TypeDef t : m.def().objects()) {
            String n = t.object().name();
            b.append("  load").append(n).append("FromID(id: ").append(n).append("ID!): ").append(n).append("!\n");
        }
        loadInterfaces(b, m);
        b.append("}\n");
        return b.toString();
    }

    /**
     * The SDL of only {@code m}'s interface types and their {@code load<Iface>FromID}, for the nested session of one
     * of its function calls (whose runtime calls the interface values it receives); "" when it has none.
     */
    static String interfacesSdl(ServedModule m, Set<String> known) throws ApiException {
        if (m.def().interfaces().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        interfaceTypes(b, m, ownTypes(m), known);
        b.append("extend type Query {\n");
        loadInterfaces(b, m);
        return b.append("}\n").toString();
    }

    /** The types {@link #sdl} defines for {@code m}: its objects, interfaces and enums, and their ID scalars. */
    static Set<String> typeNames(ServedModule m) {
        Set<String> names = ownTypes(m);
        for (TypeDef t : m.def().objects()) {
            names.add(t.object().name() + "ID");
        }
        for (TypeDef t : m.def().interfaces()) {
            names.add(t.object().name() + "ID");
        }
        return names;
    }

    private static Set<String> ownTypes(ServedModule m) {
        Set<String> own = new LinkedHashSet<>();
        for (TypeDef t : m.def().objects()) {
            own.add(t.object().name());
        }
        for (TypeDef t : m.def().interfaces()) {
            own.add(t.object().name());
        }
        for (TypeDef t : m.def().enums()) {
            own.add(t.enumDef().name());
        }
        return own;
    }

    /** An object type per interface, as Dagger served them: {@code id} and the interface's functions. */
    private static void interfaceTypes(StringBuilder b, ServedModule m, Set<String> own, Set<String> known)
            throws ApiException {
        for (TypeDef t : m.def().interfaces()) {
            ObjectDef o = t.object();
            b.append("scalar ").append(o.name()).append("ID\n\n");
            b.append(desc(o.description(), "")).append("type ").append(o.name()).append(" implements Node {\n");
            b.append("  id: ID!\n");
            for (FunctionDef f : o.functions()) {
                b.append(desc(f.description(), "  ")).append("  ").append(ModuleNames.lowerCamel(f.name()))
                        .append(args(f, own, known, m, o.name())).append(": ")
                        .append(out(f.returnType(), own, known, m, o.name() + "." + f.name())).append('\n');
            }
            b.append("}\n\n");
        }
    }

    private static void loadInterfaces(StringBuilder b, ServedModule m) {
        for (TypeDef t : m.def().interfaces()) {
            String n = t.object().name();
            b.append("  load").append(n).append("FromID(id: ").append(n).append("ID!): ").append(n).append("!\n");
        }
    }

    private static String args(FunctionDef f, Set<String> own, Set<String> known, ServedModule m,
            String where) throws ApiException {
        if (f.args().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("(");
        boolean first = true;
        for (ArgDef a : f.args()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(ModuleNames.lowerCamel(a.name())).append(": ")
                    .append(in(a.type(), a.optional(), own, known, m, where + "." + f.name() + "(" + a.name() + ")"));
        }
        return b.append(')').toString();
    }

    private static String named(TypeDef t, Set<String> own, Set<String> known, ServedModule m, String where)
            throws ApiException {
        String name = switch (t.kind()) {
            case STRING -> "String";
            case INTEGER -> "Int";
            case FLOAT -> "Float";
            case BOOLEAN -> "Boolean";
            case VOID -> "Void";
            case SCALAR, ENUM, OBJECT, INTERFACE, INPUT -> t.name();
            case LIST -> throw new IllegalStateException("lists are handled by the caller");
        };
        if (!own.contains(name) && !known.contains(name) && !List.of("String", "Int", "Float", "Boolean")
                .contains(name)) {
            throw new ApiException("module " + ModuleLoader.quote(m.name()) + ": " + where + " uses type "
                    + ModuleLoader.quote(name) + ", which this engine does not provide");
        }
        return name;
    }

    private static String out(TypeDef t, Set<String> own, Set<String> known, ServedModule m, String where)
            throws ApiException {
        String s = t.kind() == Kind.LIST ? "[" + out(t.elem(), own, known, m, where) + "]"
                : named(t, own, known, m, where);
        return t.optional() || t.kind() == Kind.VOID ? s : s + "!";
    }

    private static String in(TypeDef t, boolean optional, Set<String> own, Set<String> known, ServedModule m,
            String where) throws ApiException {
        String s;
        if (t.kind() == Kind.LIST) {
            s = "[" + in(t.elem(), t.elem().optional(), own, known, m, where) + "]";
        } else if (t.isObjectLike()) {
            named(t, own, known, m, where);
            s = t.name() + "ID";
        } else {
            s = named(t, own, known, m, where);
        }
        return optional ? s : s + "!";
    }

    /**
     * A description as an SDL string literal. Not a block string: one ending in a quote ({@code say "hi"}) would run
     * into the closing delimiter, and block strings re-indent multi-line text.
     */
    static String desc(String d, String indent) {
        if (d == null || d.isBlank()) {
            return "";
        }
        return indent + GraphqlStrings.literal(d.strip()) + "\n";
    }

    /** Wires the module's types to the generic fetchers: leaves and functions through {@link ModuleCalls}. */
    static void wire(RuntimeWiring.Builder b, ServedModule m, ModuleSteps steps, CallTranslator t) {
        wire(b, m, steps, t, List.of());
    }

    /** {@link #wire}, with the {@code as<Iface>} conversions of {@link #sdl(ServedModule, Set, List)}. */
    static void wire(RuntimeWiring.Builder b, ServedModule m, ModuleSteps steps, CallTranslator t,
            List<String> foreignInterfaces) {
        DataFetcher<Object> field = members(steps, t, (calls, v, c) -> calls.resolve((UserObjectVal) v, c));
        for (TypeDef td : m.def().objects()) {
            b.scalar(IdScalars.of(td.object().name() + "ID"));
            b.type(td.object().name(), w -> {
                w.defaultDataFetcher(field);
                for (String iface : foreignInterfaces) {
                    w.dataFetcher(ModuleInterfaces.asField(iface), env -> {
                        ApiObject src = env.getSource();
                        TypeDef def = steps.servedInterface(iface);
                        if (def == null) {
                            throw new ApiException("interface " + iface + " is not served in this session");
                        }
                        return ModuleCalls.asInterface((UserObjectVal) ((ModuleApiObject) src).value(), def,
                                new CallId(src.id(), iface, ModuleInterfaces.asField(iface), List.of()));
                    });
                }
                return w;
            });
        }
        wireInterfaces(b, m, steps, t);
        String mainType = m.mainObjectName();
        b.type("Query", w -> {
            w.dataFetcher(m.queryField(), env -> new ModuleCalls(steps.loader(), t).construct(m,
                    new CallId(null, mainType, m.queryField(), ModuleCalls.record(env))));
            for (TypeDef td : m.def().objects()) {
                String n = td.object().name();
                w.dataFetcher("load" + n + "FromID", env -> new QueryResolvers(t).load(env, n));
            }
            return w;
        });
    }

    /** How a member of a module value (a field or a function) is resolved, once its call is recorded. */
    @FunctionalInterface
    private interface MemberResolver {
        Object resolve(ModuleCalls calls, ModuleValue value, CallId call) throws Exception;
    }

    /**
     * The fetcher of every member of a module object or interface type: {@code id} encodes the source's ID; any
     * other member is recorded as a call on the source and resolved by {@code resolver}.
     */
    private static DataFetcher<Object> members(ModuleSteps steps, CallTranslator t, MemberResolver resolver) {
        return env -> {
            ApiObject src = env.getSource();
            String name = env.getFieldDefinition().getName();
            if (name.equals("id")) {
                return IdCodec.encode(src.id());
            }
            String type = ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(env.getFieldType())).getName();
            CallId c = new CallId(src.id(), type, name, ModuleCalls.record(env));
            return resolver.resolve(new ModuleCalls(steps.loader(), t), ((ModuleApiObject) src).value(), c);
        };
    }

    /** Wires {@code m}'s interface types: {@code id}, functions dispatched to the implementing object, loading. */
    static void wireInterfaces(RuntimeWiring.Builder b, ServedModule m, ModuleSteps steps, CallTranslator t) {
        DataFetcher<Object> field = members(steps, t, (calls, v, c) -> calls.resolve((InterfaceVal) v, c));
        for (TypeDef td : m.def().interfaces()) {
            String n = td.object().name();
            b.scalar(IdScalars.of(n + "ID"));
            b.type(n, w -> w.defaultDataFetcher(field));
        }
        if (m.def().interfaces().isEmpty()) {
            return;
        }
        b.type("Query", w -> {
            for (TypeDef td : m.def().interfaces()) {
                String n = td.object().name();
                w.dataFetcher("load" + n + "FromID", env -> new ModuleCalls(steps.loader(), t)
                        .loadInterface(env.getArgument("id"), td, "load" + n + "FromID"));
            }
            return w;
        });
    }
}
