package dev.dagj.cli;

import dev.dagj.engine.api.GraphqlStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code dagger call} selects at the end of its chain and how it prints the answer, as Dagger's CLI does:
 * <ul>
 *   <li>scalars and enums print plainly, lists one item per line;</li>
 *   <li>an object prints {@code Type@xxh3:<16 hex>} (a list of them {@code - Type@...}); a type with a no-argument
 *       {@code sync} has {@code sync} selected, so a Container runs, else {@code id} is;</li>
 *   <li>{@code --json} prints the value as JSON with a 4-space indent, objects as the map of their data fields;</li>
 *   <li>{@code -o PATH} on a Container, Directory or File selects {@code export(path)}; on anything else the printed
 *       text is written to PATH.</li>
 * </ul>
 */
final class CallOutput {
    static final List<String> EXPORTABLE = List.of("Container", "Directory", "File");

    /** How the chain's last value is selected. */
    enum Leaf { SCALAR, OBJECT_ID, OBJECT_FIELDS, EXPORT }

    private final ApiTypes types;
    private final ApiTypes.TypeRef returned;
    private final boolean json;
    private final String exportPath;
    private final Leaf leaf;
    private final String selection;

    /**
     * @param returned   the last step's return type
     * @param exportPath the absolute {@code -o} path, or null
     */
    CallOutput(ApiTypes types, ApiTypes.TypeRef returned, boolean json, String exportPath) {
        this.types = types;
        this.returned = returned;
        this.json = json;
        this.exportPath = exportPath;
        ApiTypes.ObjectType object = types.object(returned.named().name()).orElse(null);
        if (object == null) {
            leaf = Leaf.SCALAR;
            selection = "";
        } else if (exportPath != null && EXPORTABLE.contains(object.name())) {
            leaf = Leaf.EXPORT;
            boolean file = object.name().equals("File")
                    && object.member("export").map(m -> m.args().stream()
                            .anyMatch(a -> a.name().equals("allowParentDirPath"))).orElse(false);
            selection = " { export(path: " + GraphqlStrings.literal(exportPath)
                    + (file ? ", allowParentDirPath: true" : "") + ") }";
        } else if (json && !scalarFields(object).isEmpty()) {
            leaf = Leaf.OBJECT_FIELDS;
            selection = " { " + String.join(" ", scalarFields(object)) + " }";
        } else {
            leaf = Leaf.OBJECT_ID;
            boolean sync = object.member("sync").map(m -> m.args().stream().noneMatch(ApiTypes.Arg::required)
                    && types.object(m.type().named().name()).isEmpty()).orElse(false);
            selection = sync ? " { sync }" : " { id }";
        }
    }

    /** The field selected on the returned object ("id", "sync" or "export"), or null. */
    String leafField() {
        return switch (leaf) {
            case SCALAR, OBJECT_FIELDS -> null;
            case EXPORT -> "export";
            case OBJECT_ID -> selection.contains("sync") ? "sync" : "id";
        };
    }

    Leaf leaf() {
        return leaf;
    }

    /** The selection set after the last call ("" for scalars). */
    String selection() {
        return selection;
    }

    /** The object's data fields whose values are scalars, enums or lists of them, in declaration order. */
    private List<String> scalarFields(ApiTypes.ObjectType object) {
        List<String> out = new ArrayList<>();
        for (ApiTypes.Member m : object.members().values()) {
            if (object.fields().contains(m.name()) && types.object(m.type().named().name()).isEmpty()
                    && m.args().stream().noneMatch(ApiTypes.Arg::required)) {
                out.add(m.name());
            }
        }
        return out;
    }

    /** The value at the end of {@code path} in {@code data}, mapping over lists on the way. */
    static Object extract(Object data, List<String> path) {
        if (path.isEmpty()) {
            return data;
        }
        if (data instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object item : l) {
                out.add(extract(item, path));
            }
            return out;
        }
        if (data instanceof Map<?, ?> m) {
            return extract(m.get(path.getFirst()), path.subList(1, path.size()));
        }
        return null;
    }

    /** The text {@code dagger call} prints on stdout for {@code value} (for exports: nothing). */
    String render(Object value) {
        String typeName = returned.named().name();
        if (leaf == Leaf.EXPORT) {
            return "";
        }
        if (json) {
            Object shown = leaf == Leaf.OBJECT_ID ? mapIds(value, typeName) : value;
            return IndentedJson.render(shown) + "\n";
        }
        StringBuilder sb = new StringBuilder();
        if (leaf == Leaf.OBJECT_ID) {
            for (Object id : flatten(value)) {
                if (id != null) {
                    sb.append(value instanceof List<?> ? "- " : "").append(typeName).append('@')
                            .append(Xxh3.digest(String.valueOf(id))).append('\n');
                }
            }
            return sb.toString();
        }
        for (Object item : flatten(value)) {
            if (item == null) {
                continue;
            }
            String text = item instanceof String s ? s : IndentedJson.render(item);
            sb.append(text);
            if (!text.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The export paths the engine returned, one per exported object. */
    static List<String> exported(Object value) {
        List<String> out = new ArrayList<>();
        for (Object item : flatten(value)) {
            if (item != null) {
                out.add(String.valueOf(item));
            }
        }
        return out;
    }

    private static Object mapIds(Object value, String typeName) {
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object item : l) {
                out.add(mapIds(item, typeName));
            }
            return out;
        }
        return value == null ? null : typeName + "@" + Xxh3.digest(String.valueOf(value));
    }

    private static List<Object> flatten(Object value) {
        List<Object> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object item : l) {
                out.addAll(flatten(item));
            }
        } else {
            out.add(value);
        }
        return out;
    }
}
