package dev.dagj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The served API as the CLI needs it to build flags, queries and listings: objects with their members (fields and
 * functions), enums with their members, and the scalars. Built from a GraphQL introspection of the session's schema
 * after the module is served ({@link #fromIntrospection}), so core types (Container, Directory, ...) and the module's
 * own types are described the same way. Which members of a module object are plain fields (selected for
 * {@code --json}) comes from the module's type definitions ({@link #withFields}).
 */
record ApiTypes(Map<String, ObjectType> objects, Map<String, List<String>> enums, String queryType) {

    /** One object type. {@code fields} names the members that are the object's data fields (module objects only). */
    record ObjectType(String name, String description, Map<String, Member> members, Set<String> fields) {
        Optional<Member> member(String apiName) {
            return Optional.ofNullable(members.get(apiName));
        }

        /** The member a CLI name (kebab-case, or the API name itself) refers to. */
        Optional<Member> memberByCliName(String cliName) {
            for (Member m : members.values()) {
                if (Names.kebab(m.name()).equals(cliName) || m.name().equals(cliName)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        ObjectType withFields(Set<String> names) {
            return new ObjectType(name, description, members, Set.copyOf(names));
        }
    }

    /** A field or function: GraphQL has only fields with arguments. */
    record Member(String name, String description, List<Arg> args, TypeRef type) {
        Member {
            description = description == null ? "" : description;
            args = List.copyOf(args);
        }

        /** The first line of the description, as listings show it. */
        String summary() {
            String d = description.strip();
            int nl = d.indexOf('\n');
            return nl < 0 ? d : d.substring(0, nl).strip();
        }
    }

    /**
     * An argument.
     *
     * @param defaultValue the GraphQL literal of the default, null when none
     */
    record Arg(String name, String description, TypeRef type, String defaultValue) {
        /** Required: non-null and without a default, so the flag must be given. */
        boolean required() {
            return type.nonNull() && defaultValue == null;
        }
    }

    /** A type reference: a named type, or a list of one, either possibly non-null. */
    record TypeRef(String kind, String name, boolean nonNull, TypeRef of) {
        boolean isList() {
            return "LIST".equals(kind);
        }

        /** The named type under any list and non-null wrappers. */
        TypeRef named() {
            return isList() ? of.named() : this;
        }

        TypeRef nullable() {
            return new TypeRef(kind, name, false, of);
        }

        /** GraphQL's notation: {@code [String!]!}. */
        String graphql() {
            String base = isList() ? "[" + of.graphql() + "]" : name;
            return nonNull ? base + "!" : base;
        }
    }

    Optional<ObjectType> object(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    boolean isEnum(String name) {
        return enums.containsKey(name);
    }

    /**
     * The object type an argument's named type stands for: Dagger passes objects as IDs, so {@code ContainerID} (or
     * {@code ID} on the generic node) means a Container.
     */
    Optional<ObjectType> objectForIdScalar(String scalarName) {
        if (scalarName.endsWith("ID") && scalarName.length() > 2) {
            return object(scalarName.substring(0, scalarName.length() - 2));
        }
        return Optional.empty();
    }

    /**
     * Dagger's kind name for a type, as {@code functions} names it when it has nothing to list:
     * {@code STRING_KIND}, {@code LIST_KIND}, ...
     */
    String kindName(TypeRef t) {
        if (t.isList()) {
            return "LIST_KIND";
        }
        if (objects.containsKey(t.name())) {
            return "OBJECT_KIND";
        }
        if (enums.containsKey(t.name())) {
            return "ENUM_KIND";
        }
        return switch (t.name()) {
            case "String" -> "STRING_KIND";
            case "Int" -> "INTEGER_KIND";
            case "Float" -> "FLOAT_KIND";
            case "Boolean" -> "BOOLEAN_KIND";
            case "Void" -> "VOID_KIND";
            default -> "SCALAR_KIND";
        };
    }

    /** The introspection query {@link #fromIntrospection} decodes. */
    static final String INTROSPECTION_QUERY = """
            query DaggerCliTypes {
              __schema {
                queryType { name }
                types {
                  kind name description
                  fields(includeDeprecated: true) {
                    name description
                    args { name description defaultValue type { ...T } }
                    type { ...T }
                  }
                  enumValues(includeDeprecated: true) { name }
                }
              }
            }
            fragment T on __Type {
              kind name
              ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
            }
            """;

    /** Decodes the {@code data} of {@link #INTROSPECTION_QUERY}. */
    static ApiTypes fromIntrospection(Map<String, Object> data) {
        Map<String, Object> schema = map(data.get("__schema"));
        String queryType = String.valueOf(map(schema.get("queryType")).get("name"));
        Map<String, ObjectType> objects = new LinkedHashMap<>();
        Map<String, List<String>> enums = new LinkedHashMap<>();
        for (Object o : list(schema.get("types"))) {
            Map<String, Object> t = map(o);
            String name = String.valueOf(t.get("name"));
            if (name.startsWith("__")) {
                continue;
            }
            String kind = String.valueOf(t.get("kind"));
            if (kind.equals("OBJECT") || kind.equals("INTERFACE")) {
                Map<String, Member> members = new LinkedHashMap<>();
                for (Object f : list(t.get("fields"))) {
                    Member m = member(map(f));
                    members.put(m.name(), m);
                }
                objects.put(name, new ObjectType(name, string(t.get("description")), members, Set.of()));
            } else if (kind.equals("ENUM")) {
                List<String> values = new ArrayList<>();
                for (Object v : list(t.get("enumValues"))) {
                    values.add(String.valueOf(map(v).get("name")));
                }
                enums.put(name, List.copyOf(values));
            }
        }
        return new ApiTypes(Map.copyOf(objects), Map.copyOf(enums), queryType);
    }

    /** The same types with {@code fieldsByObject} marking the data fields of the named objects. */
    ApiTypes withFields(Map<String, Set<String>> fieldsByObject) {
        Map<String, ObjectType> out = new LinkedHashMap<>(objects);
        fieldsByObject.forEach((obj, fields) -> {
            ObjectType t = out.get(obj);
            if (t != null) {
                out.put(obj, t.withFields(fields));
            }
        });
        return new ApiTypes(Map.copyOf(out), enums, queryType);
    }

    private static Member member(Map<String, Object> f) {
        List<Arg> args = new ArrayList<>();
        for (Object a : list(f.get("args"))) {
            Map<String, Object> am = map(a);
            Object def = am.get("defaultValue");
            args.add(new Arg(String.valueOf(am.get("name")), string(am.get("description")), typeRef(map(am.get("type"))),
                    def == null ? null : String.valueOf(def)));
        }
        return new Member(String.valueOf(f.get("name")), string(f.get("description")), args,
                typeRef(map(f.get("type"))));
    }

    private static TypeRef typeRef(Map<String, Object> t) {
        String kind = String.valueOf(t.get("kind"));
        if (kind.equals("NON_NULL")) {
            TypeRef inner = typeRef(map(t.get("ofType")));
            return new TypeRef(inner.kind(), inner.name(), true, inner.of());
        }
        if (kind.equals("LIST")) {
            return new TypeRef("LIST", null, false, typeRef(map(t.get("ofType"))));
        }
        return new TypeRef(kind, String.valueOf(t.get("name")), false, null);
    }

    private static String string(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }
}
