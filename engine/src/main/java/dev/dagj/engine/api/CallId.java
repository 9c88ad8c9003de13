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

    // These accessors test types with instanceof rather than a pattern switch: each pattern switch is bootstrapped
    // (SwitchBootstraps) the first time it runs, a cost every warm CLI run would pay again.
    String optString(String name) throws ApiException {
        Literal l = arg(name);
        if (l == null) {
            return null;
        }
        if (l instanceof Literal.Str s) {
            return s.value();
        }
        throw new ApiException("malformed ID: " + where(name) + " is not a string");
    }

    long intOr(String name, long dflt) throws ApiException {
        Literal l = arg(name);
        if (l == null) {
            return dflt;
        }
        if (l instanceof Literal.Int i) {
            return i.value();
        }
        throw new ApiException("malformed ID: " + where(name) + " is not an integer");
    }

    Long optInt(String name) throws ApiException {
        return arg(name) == null ? null : intOr(name, 0);
    }

    boolean boolOr(String name, boolean dflt) throws ApiException {
        Literal l = arg(name);
        if (l == null) {
            return dflt;
        }
        if (l instanceof Literal.Bool b) {
            return b.value();
        }
        throw new ApiException("malformed ID: " + where(name) + " is not a boolean");
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
        Literal l = arg(name);
        if (l == null) {
            return null;
        }
        if (l instanceof Literal.Id i) {
            return i.id();
        }
        throw new ApiException("malformed ID: " + where(name) + " is not an ID");
    }
}
