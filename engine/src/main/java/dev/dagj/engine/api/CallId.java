package dev.dagj.engine.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The ID of an API object: the call chain that made it, like Dagger's dagql IDs. Each step names the field, its
 * arguments (in schema order, without nulls and without values equal to the declared default) and the type it
 * returns; {@code receiver} is the previous step, null for a field of {@code Query}. Equal chains encode to equal
 * text ({@link IdCodec}) in every session and process. An ID is a recipe, not a handle: loading one replays the chain.
 */
public record CallId(CallId receiver, String type, String field, List<Arg> args) {
    /** One recorded argument. */
    public record Arg(String name, Literal value) {
    }

    public CallId {
        args = List.copyOf(args);
    }

    /** The chain from the first {@code Query} field to this step. */
    public List<CallId> steps() {
        List<CallId> out = new ArrayList<>();
        for (CallId c = this; c != null; c = c.receiver) {
            out.add(c);
        }
        return out.reversed();
    }

    Literal arg(String name) {
        for (Arg a : args) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    private String where(String name) {
        return type + " " + field + "(" + name + ")";
    }

    String string(String name) throws ApiException {
        String s = optString(name);
        if (s == null) {
            throw new ApiException("missing argument \"" + name + "\" of " + field);
        }
        return s;
    }

    String optString(String name) throws ApiException {
        Literal.Str s = typed(name, Literal.Str.class, "a string");
        return s == null ? null : s.value();
    }

    long intOr(String name, long dflt) throws ApiException {
        Literal.Int i = typed(name, Literal.Int.class, "an integer");
        return i == null ? dflt : i.value();
    }

    Long optInt(String name) throws ApiException {
        return arg(name) == null ? null : intOr(name, 0);
    }

    boolean boolOr(String name, boolean dflt) throws ApiException {
        Literal.Bool b = typed(name, Literal.Bool.class, "a boolean");
        return b == null ? dflt : b.value();
    }

    /**
     * The argument {@code name} if it is a {@code type}, null if it is absent; otherwise a "malformed ID" error
     * saying it is not {@code what}. A type test, not a pattern switch: each pattern switch is bootstrapped
     * (SwitchBootstraps) the first time it runs, a cost every warm CLI run would pay again.
     */
    private <T extends Literal> T typed(String name, Class<T> type, String what) throws ApiException {
        Literal l = arg(name);
        if (l == null || type.isInstance(l)) {
            return type.cast(l);
        }
        throw new ApiException("malformed ID: " + where(name) + " is not " + what);
    }

    List<String> strings(String name) throws ApiException {
        Literal l = arg(name);
        if (l == null) {
            return List.of();
        }
        if (!(l instanceof Literal.ListOf list)) {
            throw new ApiException("malformed ID: " + where(name) + " is not a list");
        }
        List<String> out = new ArrayList<>();
        for (Literal v : list.values()) {
            if (!(v instanceof Literal.Str s)) {
                throw new ApiException("malformed ID: " + where(name) + " holds a non-string");
            }
            out.add(s.value());
        }
        return out;
    }

    CallId optId(String name) throws ApiException {
        Literal.Id i = typed(name, Literal.Id.class, "an ID");
        return i == null ? null : i.id();
    }
}
