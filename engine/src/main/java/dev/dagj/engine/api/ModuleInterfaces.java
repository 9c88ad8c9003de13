package dev.dagj.engine.api;

import dev.dagj.engine.api.ModuleValue.UserObjectVal;
import dev.dagj.engine.module.TypeDefs.ArgDef;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.engine.module.TypeDefs.ObjectDef;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import java.util.List;

/**
 * Module interface types (Dagger's {@code INTERFACE_KIND}): whether an object implements one, and the portable form
 * of an interface value handed to another module's function.
 *
 * <p>An interface value is served as an object type of its own (its {@code id}, its functions, {@code load<I>FromID}),
 * as Dagger's engine did before its schema had GraphQL interfaces: the declaring module's session does not know the
 * implementing object's type, so a GraphQL interface with that object as a member could not be built there. Calls of
 * the interface's functions run the implementing object's functions in its own module.
 *
 * <p>The declaring module's runtime gets the value as a <em>portable ID</em>: {@code Query.}{@value #VALUE_FIELD} with
 * the implementing module's key and install name, the object's type and its fields, so its nested session (which
 * serves neither the caller's schema nor the implementing module) can still dispatch the calls, and the call's cache
 * key changes with the implementation.
 */
final class ModuleInterfaces {
    /** The hidden {@code Query} field of a portable interface value's ID. */
    static final String VALUE_FIELD = "_interfaceValue";

    private ModuleInterfaces() {
    }

    /** The GraphQL field that converts an object to interface {@code iface}: {@code as<Iface>}. */
    static String asField(String iface) {
        return "as" + iface;
    }

    /**
     * What {@code obj} lacks to implement {@code iface}: "has no function foo(bar: Int!): String!" or "function foo
     * returns String, not String!"; null when it implements it. Functions match by GraphQL name, arguments by name
     * and type in order, results by type; a field with the function's name and no arguments matches too.
     */
    static String missing(ObjectDef obj, ObjectDef iface) {
        for (FunctionDef want : iface.functions()) {
            String name = ModuleNames.lowerCamel(want.name());
            FunctionDef have = function(obj, name);
            if (have == null) {
                FieldDef field = field(obj, name);
                if (field != null && want.args().isEmpty() && compatible(field.type(), want.returnType())) {
                    continue;
                }
                return "has no function " + signature(want);
            }
            if (!compatible(have.returnType(), want.returnType())) {
                return "function " + name + " returns " + type(have.returnType()) + ", not "
                        + type(want.returnType());
            }
            for (int i = 0; i < want.args().size(); i++) {
                ArgDef w = want.args().get(i);
                if (i >= have.args().size()) {
                    return "function " + name + " has no argument " + ModuleNames.lowerCamel(w.name()) + " ("
                            + signature(want) + ")";
                }
                ArgDef h = have.args().get(i);
                if (!ModuleNames.lowerCamel(h.name()).equals(ModuleNames.lowerCamel(w.name()))) {
                    return "function " + name + " argument " + (i + 1) + " is " + ModuleNames.lowerCamel(h.name())
                            + ", not " + ModuleNames.lowerCamel(w.name()) + " (" + signature(want) + ")";
                }
                if (h.optional() != w.optional() || !compatible(w.type(), h.type())) {
                    return "function " + name + " argument " + ModuleNames.lowerCamel(w.name()) + " is "
                            + argType(h) + ", not " + argType(w);
                }
            }
            for (int i = want.args().size(); i < have.args().size(); i++) {
                if (!have.args().get(i).optional()) {
                    return "function " + name + " requires argument "
                            + ModuleNames.lowerCamel(have.args().get(i).name()) + ", which " + signature(want)
                            + " does not pass";
                }
            }
        }
        return null;
    }

    private static FunctionDef function(ObjectDef o, String graphqlName) {
        for (FunctionDef f : o.functions()) {
            if (ModuleNames.lowerCamel(f.name()).equals(graphqlName)) {
                return f;
            }
        }
        return null;
    }

    private static FieldDef field(ObjectDef o, String graphqlName) {
        for (FieldDef f : o.fields()) {
            if (ModuleNames.lowerCamel(f.name()).equals(graphqlName)) {
                return f;
            }
        }
        return null;
    }

    /** Whether a value of type {@code have} can be used where {@code want} is expected. */
    static boolean compatible(TypeDef have, TypeDef want) {
        if (have.optional() != want.optional()) {
            return false;
        }
        return switch (want.kind()) {
            case STRING, INTEGER, FLOAT, BOOLEAN, VOID -> have.kind() == want.kind();
            case SCALAR, ENUM, INPUT -> have.kind() == want.kind() && have.name().equals(want.name());
            case LIST -> have.kind() == Kind.LIST && compatible(have.elem(), want.elem());
            case OBJECT -> have.kind() == Kind.OBJECT && have.name().equals(want.name());
            // Across modules the names differ (each module names the other's types in its own namespace); any
            // object or interface is accepted here, and checked when the value is converted.
            case INTERFACE -> have.isObjectLike();
        };
    }

    static String signature(FunctionDef f) {
        StringBuilder b = new StringBuilder(ModuleNames.lowerCamel(f.name()));
        if (!f.args().isEmpty()) {
            b.append('(');
            for (int i = 0; i < f.args().size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                ArgDef a = f.args().get(i);
                b.append(ModuleNames.lowerCamel(a.name())).append(": ").append(argType(a));
            }
            b.append(')');
        }
        return b.append(": ").append(type(f.returnType())).toString();
    }

    private static String argType(ArgDef a) {
        String t = type(a.type());
        return a.optional() && t.endsWith("!") ? t.substring(0, t.length() - 1) : t;
    }

    private static String type(TypeDef t) {
        String s = switch (t.kind()) {
            case STRING -> "String";
            case INTEGER -> "Int";
            case FLOAT -> "Float";
            case BOOLEAN -> "Boolean";
            case VOID -> "Void";
            case LIST -> "[" + type(t.elem()) + "]";
            default -> t.name();
        };
        return t.optional() || t.kind() == Kind.VOID ? s : s + "!";
    }

    /**
     * The portable ID of {@code impl} as a value of interface {@code ifaceName} (the name the receiving session
     * serves it under).
     */
    static CallId portable(String ifaceName, UserObjectVal impl) {
        return new CallId(null, ifaceName, VALUE_FIELD, List.of(
                new CallId.Arg("module", new Literal.Str(impl.module().key().toString())),
                new CallId.Arg("install", new Literal.Str(impl.module().installName())),
                new CallId.Arg("object", new Literal.Str(impl.objectName())),
                new CallId.Arg("fields", new Literal.Str(impl.fields().toString()))));
    }

    /** The served module with key {@code key} served as {@code install}, among {@code modules} and their dependencies. */
    static ServedModule find(List<ServedModule> modules, String key, String install) {
        for (ServedModule m : modules) {
            if (m.key() != null && m.key().toString().equals(key) && m.installName().equals(install)) {
                return m;
            }
            ServedModule dep = find(m.dependencies(), key, install);
            if (dep != null) {
                return dep;
            }
        }
        return null;
    }
}
