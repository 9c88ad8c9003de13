package dev.dagj.cli;

import dev.dagj.engine.api.GraphqlStrings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one {@code --flag value} of {@code dagger call} into the GraphQL literal of its argument, by the argument's
 * type: scalars are checked and quoted, enums checked against their members, lists split on commas, and core objects
 * made from a host path, an address or a name and passed by ID, as Dagger's CLI does:
 * <ul>
 *   <li>Directory, File: a host path (relative to the working directory);</li>
 *   <li>Container: an image address;</li>
 *   <li>Secret: {@code env://NAME} (a bare {@code NAME} is the same), {@code file://PATH}, {@code cmd://COMMAND};</li>
 *   <li>CacheVolume: the volume's name;</li>
 *   <li>Socket: a host path of a Unix socket.</li>
 * </ul>
 * Wrong values fail naming the flag, in pflag's words: {@code invalid argument "x" for "--n" flag: ...}.
 */
final class FlagValues {
    /** Runs a query that selects one object's {@code id} and returns that ID. */
    interface IdLoader {
        String id(String query) throws CliException, InterruptedException;
    }

    private final ApiTypes types;
    private final Path workdir;
    private final IdLoader ids;

    FlagValues(ApiTypes types, Path workdir, IdLoader ids) {
        this.types = types;
        this.workdir = workdir;
        this.ids = ids;
    }

    /** Whether the CLI can fill an argument of this type from a flag. */
    boolean supports(ApiTypes.TypeRef type) {
        ApiTypes.TypeRef named = type.named();
        if (type.isList() && type.of().isList()) {
            return false;
        }
        return switch (named.name()) {
            case "String", "Int", "Float", "Boolean", "JSON" -> true;
            default -> types.isEnum(named.name()) || objectQuery(objectName(named.name()), "x") != null;
        };
    }

    String literal(ApiTypes.TypeRef type, String flag, String value) throws CliException, InterruptedException {
        if (type.isList()) {
            List<String> items = new ArrayList<>();
            for (String item : splitList(value)) {
                items.add(literal(type.of(), flag, item));
            }
            return "[" + String.join(", ", items) + "]";
        }
        String name = type.name();
        switch (name) {
            case "String":
                return GraphqlStrings.literal(value);
            case "JSON":
                return GraphqlStrings.literal(value);
            case "Int":
                try {
                    return Long.toString(Long.parseLong(value.strip()));
                } catch (NumberFormatException e) {
                    throw invalid(value, flag, "strconv.ParseInt: parsing " + GraphqlStrings.literal(value)
                            + ": invalid syntax");
                }
            case "Float":
                try {
                    double d = Double.parseDouble(value.strip());
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    return Double.toString(d);
                } catch (NumberFormatException e) {
                    throw invalid(value, flag, "strconv.ParseFloat: parsing " + GraphqlStrings.literal(value)
                            + ": invalid syntax");
                }
            case "Boolean":
                return switch (value) {
                    case "1", "t", "T", "TRUE", "true", "True" -> "true";
                    case "0", "f", "F", "FALSE", "false", "False" -> "false";
                    default -> throw invalid(value, flag, "strconv.ParseBool: parsing " + GraphqlStrings.literal(value)
                            + ": invalid syntax");
                };
            default:
                break;
        }
        if (types.isEnum(name)) {
            List<String> members = types.enums().get(name);
            for (String m : members) {
                if (m.equals(value) || m.equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw invalid(value, flag, "value should be one of " + String.join(", ", members));
        }
        String object = objectName(name);
        String query = objectQuery(object, value);
        if (query == null) {
            throw new CliException("unsupported argument type " + GraphqlStrings.literal(name) + " for flag --" + flag);
        }
        return GraphqlStrings.literal(ids.id(query));
    }

    private String objectName(String scalar) {
        return types.objectForIdScalar(scalar).map(ApiTypes.ObjectType::name).orElse(scalar);
    }

    /** The query whose only leaf is the {@code id} of the object {@code value} names, or null if unsupported. */
    String objectQuery(String object, String value) {
        return switch (object) {
            case "Directory" -> "{ host { directory(path: " + hostPath(value) + ") { id } } }";
            case "File" -> "{ host { file(path: " + hostPath(value) + ") { id } } }";
            case "Container" -> "{ container { from(address: " + GraphqlStrings.literal(value) + ") { id } } }";
            case "Secret" -> "{ secret(uri: " + GraphqlStrings.literal(secretUri(value)) + ") { id } }";
            case "CacheVolume" -> "{ cacheVolume(key: " + GraphqlStrings.literal(value) + ") { id } }";
            case "Socket" -> "{ host { unixSocket(path: " + hostPath(value) + ") { id } } }";
            default -> null;
        };
    }

    /** {@code NAME} means {@code env://NAME}; URIs with a scheme stay as they are. */
    static String secretUri(String value) {
        return value.contains("://") ? value : "env://" + value;
    }

    private String hostPath(String value) {
        String expanded = value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
        return GraphqlStrings.literal(workdir.resolve(expanded).normalize().toString());
    }

    /** Splits a list flag as pflag's string slices do: on commas, with CSV quoting. */
    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        if (value.isEmpty()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static CliException invalid(String value, String flag, String why) {
        return new CliException("invalid argument " + GraphqlStrings.literal(value) + " for \"--" + flag + "\" flag: "
                + why);
    }
}
