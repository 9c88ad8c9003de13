package dev.dagj.engine.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The type definitions a module registers (Dagger's {@code TypeDef}, {@code Function}, {@code Module} builders), as
 * immutable values. Builders return new values; names are kept as the SDK sent them (the GraphQL names are derived
 * when the module is served).
 */
public final class TypeDefs {
    private TypeDefs() {
    }

    /** Dagger's {@code TypeDefKind}; both {@code STRING} and {@code STRING_KIND} spellings parse. */
    public enum Kind {
        STRING, INTEGER, FLOAT, BOOLEAN, SCALAR, LIST, OBJECT, INTERFACE, INPUT, VOID, ENUM;

        public static Kind parse(String s) {
            String n = s.toUpperCase(Locale.ROOT);
            return valueOf(n.endsWith("_KIND") ? n.substring(0, n.length() - 5) : n);
        }

        /** The {@code *_KIND} name Dagger's API returns. */
        public String apiName() {
            return name() + "_KIND";
        }
    }

    public record SourceMap(String filename, long line, long column) {
    }

    /**
     * A type reference or definition.
     *
     * @param name   the object, interface, scalar or enum name ("" for other kinds)
     * @param elem   the element type of a list
     * @param object the object or interface definition (functions, fields) when this defines one
     * @param enumDef the enum definition when this defines one
     */
    public record TypeDef(Kind kind, boolean optional, TypeDef elem, String name, ObjectDef object, EnumDef enumDef,
            String description) {
        public static final TypeDef EMPTY = new TypeDef(Kind.STRING, false, null, "", null, null, "");

        public TypeDef withKind(Kind k) {
            return new TypeDef(k, optional, elem, name, object, enumDef, description);
        }

        public TypeDef withOptional(boolean o) {
            return new TypeDef(kind, o, elem, name, object, enumDef, description);
        }

        public TypeDef withListOf(TypeDef e) {
            return new TypeDef(Kind.LIST, optional, e, "", null, null, description);
        }

        public TypeDef withObject(ObjectDef o, Kind k) {
            return new TypeDef(k, optional, null, o.name(), o, null, o.description());
        }

        public TypeDef withNamed(Kind k, String n, String desc) {
            return new TypeDef(k, optional, null, n, null, null, desc);
        }

        public TypeDef withEnum(EnumDef e) {
            return new TypeDef(Kind.ENUM, optional, null, e.name(), null, e, e.description());
        }

        public boolean isObjectLike() {
            return kind == Kind.OBJECT || kind == Kind.INTERFACE;
        }
    }

    public record ObjectDef(String name, String description, List<FieldDef> fields, List<FunctionDef> functions,
            FunctionDef constructor, String deprecated, SourceMap sourceMap) {
        public ObjectDef {
            fields = List.copyOf(fields);
            functions = List.copyOf(functions);
        }

        public static ObjectDef named(String name, String description, String deprecated, SourceMap sourceMap) {
            return new ObjectDef(name, description, List.of(), List.of(), null, deprecated, sourceMap);
        }

        public ObjectDef withField(FieldDef f) {
            List<FieldDef> l = new ArrayList<>(fields);
            l.add(f);
            return new ObjectDef(name, description, l, functions, constructor, deprecated, sourceMap);
        }

        public ObjectDef withFunction(FunctionDef f) {
            List<FunctionDef> l = new ArrayList<>(functions);
            l.add(f);
            return new ObjectDef(name, description, fields, l, constructor, deprecated, sourceMap);
        }

        public ObjectDef withConstructor(FunctionDef f) {
            return new ObjectDef(name, description, fields, functions, f, deprecated, sourceMap);
        }

        public FunctionDef function(String n) {
            for (FunctionDef f : functions) {
                if (f.name().equals(n)) {
                    return f;
                }
            }
            return null;
        }
    }

    public record FieldDef(String name, TypeDef type, String description, String deprecated, SourceMap sourceMap) {
    }

    /**
     * A function. {@code cachePolicy} is {@code Default}, {@code PerSession} or {@code Never}.
     */
    public record FunctionDef(String name, String description, TypeDef returnType, List<ArgDef> args,
            String cachePolicy, String timeToLive, String deprecated, SourceMap sourceMap) {
        public FunctionDef {
            args = List.copyOf(args);
        }

        public static FunctionDef of(String name, TypeDef returnType) {
            return new FunctionDef(name, "", returnType, List.of(), "Default", "", null, null);
        }

        public FunctionDef withDescription(String d) {
            return new FunctionDef(name, d, returnType, args, cachePolicy, timeToLive, deprecated, sourceMap);
        }

        public FunctionDef withArg(ArgDef a) {
            List<ArgDef> l = new ArrayList<>(args);
            l.add(a);
            return new FunctionDef(name, description, returnType, l, cachePolicy, timeToLive, deprecated, sourceMap);
        }

        public FunctionDef withCachePolicy(String policy, String ttl) {
            return new FunctionDef(name, description, returnType, args, policy, ttl, deprecated, sourceMap);
        }

        public FunctionDef withDeprecated(String reason) {
            return new FunctionDef(name, description, returnType, args, cachePolicy, timeToLive, reason, sourceMap);
        }

        public FunctionDef withSourceMap(SourceMap m) {
            return new FunctionDef(name, description, returnType, args, cachePolicy, timeToLive, deprecated, m);
        }

        public ArgDef arg(String n) {
            for (ArgDef a : args) {
                if (a.name().equals(n)) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * A function argument. {@code defaultValue} is JSON text, null when there is none.
     */
    public record ArgDef(String name, TypeDef type, String description, String defaultValue, String defaultPath,
            String defaultAddress, List<String> ignore, String deprecated, SourceMap sourceMap) {
        public ArgDef {
            ignore = List.copyOf(ignore);
        }

        /** Whether a caller may leave it out. */
        public boolean optional() {
            return type.optional() || defaultValue != null || !defaultPath.isEmpty() || !defaultAddress.isEmpty();
        }
    }

    public record EnumMember(String name, String value, String description, String deprecated) {
    }

    public record EnumDef(String name, String description, List<EnumMember> members, SourceMap sourceMap) {
        public EnumDef {
            members = List.copyOf(members);
        }

        public EnumDef withMember(EnumMember m) {
            List<EnumMember> l = new ArrayList<>(members);
            l.add(m);
            return new EnumDef(name, description, l, sourceMap);
        }
    }

    /** What {@code module()} builds: the registered objects, interfaces and enums. */
    public record ModuleDef(String description, List<TypeDef> objects, List<TypeDef> interfaces, List<TypeDef> enums) {
        public static final ModuleDef EMPTY = new ModuleDef("", List.of(), List.of(), List.of());

        public ModuleDef {
            objects = List.copyOf(objects);
            interfaces = List.copyOf(interfaces);
            enums = List.copyOf(enums);
        }

        public ModuleDef withDescription(String d) {
            return new ModuleDef(d, objects, interfaces, enums);
        }

        public ModuleDef withObject(TypeDef t) {
            List<TypeDef> l = new ArrayList<>(objects);
            l.add(t);
            return new ModuleDef(description, l, interfaces, enums);
        }

        public ModuleDef withInterface(TypeDef t) {
            List<TypeDef> l = new ArrayList<>(interfaces);
            l.add(t);
            return new ModuleDef(description, objects, l, enums);
        }

        public ModuleDef withEnum(TypeDef t) {
            List<TypeDef> l = new ArrayList<>(enums);
            l.add(t);
            return new ModuleDef(description, objects, interfaces, l);
        }

        public ObjectDef object(String name) {
            for (TypeDef t : objects) {
                if (t.object() != null && t.object().name().equals(name)) {
                    return t.object();
                }
            }
            return null;
        }

        public EnumDef enumDef(String name) {
            for (TypeDef t : enums) {
                if (t.enumDef() != null && t.enumDef().name().equals(name)) {
                    return t.enumDef();
                }
            }
            return null;
        }
    }
}
