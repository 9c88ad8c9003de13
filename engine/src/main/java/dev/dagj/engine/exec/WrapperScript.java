package dev.dagj.engine.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sh -c} script that prepares mounts inside the private mount namespace and then execs the runtime:
 * {@code step && step && ... && exec runtime}. Every word is single-quoted, so paths may hold any character.
 */
final class WrapperScript {
    private final List<String> steps = new ArrayList<>();

    WrapperScript step(List<String> argv) {
        steps.add(words(argv));
        return this;
    }

    /** A step written in shell syntax by the caller (never built from request data). */
    WrapperScript raw(String shell) {
        steps.add(shell);
        return this;
    }

    /** Creates (truncates) {@code file}: the marker that setup succeeded and the runtime is about to start. */
    WrapperScript touch(String file) {
        steps.add(": > " + quote(file));
        return this;
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The whole script: the steps, then {@code exec argv}, with {@code redirect} (e.g. {@code 3>file}) appended. */
    String render(List<String> argv, String redirect) {
        StringBuilder sb = new StringBuilder();
        for (String s : steps) {
            sb.append(s).append(" && ");
        }
        sb.append("exec ").append(words(argv));
        if (!redirect.isEmpty()) {
            sb.append(' ').append(redirect);
        }
        return sb.toString();
    }

    static String words(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String w : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
