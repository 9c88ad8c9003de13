package dev.dagj.cli;

import dev.dagj.engine.api.GraphqlStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The words of {@code dagger call [ctor flags] fn [--arg v] fn2 ...} read against the served API: one step for the
 * constructor ({@code Query.<module>}) and one per function, each with its arguments as GraphQL literals. Flags are
 * the kebab-case argument names; {@code --flag=value} and {@code --flag value} both work, and a boolean flag alone
 * means true.
 */
final class CallChain {
    /** One call in the chain. */
    record Step(ApiTypes.Member member, Map<String, String> args) {
        String selection() {
            if (args.isEmpty()) {
                return member.name();
            }
            List<String> parts = new ArrayList<>();
            args.forEach((k, v) -> parts.add(k + ": " + v));
            return member.name() + "(" + String.join(", ", parts) + ")";
        }
    }

    private final ApiTypes types;
    private final FlagValues values;

    CallChain(ApiTypes types, FlagValues values) {
        this.types = types;
        this.values = values;
    }

    /**
     * Reads {@code words} starting with the constructor {@code ctor}.
     *
     * @throws CliException for an unknown function or flag, a missing required flag, or a bad value
     */
    List<Step> parse(ApiTypes.Member ctor, List<String> words) throws CliException, InterruptedException {
        List<Step> steps = new ArrayList<>();
        int i = readStep(ctor, words, 0, steps);
        while (i < words.size()) {
            String word = words.get(i);
            ApiTypes.TypeRef current = steps.getLast().member().type().named();
            ApiTypes.ObjectType object = types.object(current.name()).orElse(null);
            String parent = steps.size() == 1 ? "dagger call" : Names.kebab(steps.getLast().member().name());
            if (object == null) {
                throw new CliException("function " + GraphqlStrings.literal(steps.getLast().member().name())
                        + " returns type " + GraphqlStrings.literal(types.kindName(steps.getLast().member().type()))
                        + " with no further functions available");
            }
            ApiTypes.Member member = object.memberByCliName(word).filter(m -> !m.name().equals("id"))
                    .orElseThrow(() -> new CliException("unknown command " + GraphqlStrings.literal(word) + " for "
                            + GraphqlStrings.literal(parent)));
            i = readStep(member, words, i + 1, steps);
        }
        if (steps.size() == 1) {
            throw new CliException("no function given: run 'dagger functions' to list them");
        }
        return steps;
    }

    private int readStep(ApiTypes.Member member, List<String> words, int start, List<Step> steps)
            throws CliException, InterruptedException {
        Map<String, ApiTypes.Arg> byFlag = new LinkedHashMap<>();
        for (ApiTypes.Arg a : member.args()) {
            byFlag.put(Names.kebab(a.name()), a);
        }
        Map<String, String> args = new LinkedHashMap<>();
        int i = start;
        while (i < words.size() && words.get(i).startsWith("--") && words.get(i).length() > 2) {
            String word = words.get(i).substring(2);
            int eq = word.indexOf('=');
            String flag = eq < 0 ? word : word.substring(0, eq);
            ApiTypes.Arg arg = byFlag.get(flag);
            if (arg == null) {
                throw new CliException("unknown flag: --" + flag);
            }
            String value;
            if (eq >= 0) {
                value = word.substring(eq + 1);
            } else if (arg.type().named().name().equals("Boolean") && !arg.type().isList()) {
                value = "true";
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new CliException("flag needs an argument: --" + flag);
            }
            String literal = values.literal(arg.type(), flag, value);
            if (arg.type().isList() && args.containsKey(arg.name())) {
                String prev = args.get(arg.name());
                literal = prev.substring(0, prev.length() - 1) + (prev.length() > 2 ? ", " : "")
                        + literal.substring(1);
            }
            args.put(arg.name(), literal);
            i++;
        }
        TreeSet<String> missing = new TreeSet<>();
        byFlag.forEach((flag, arg) -> {
            if (arg.required() && !args.containsKey(arg.name())) {
                missing.add(flag);
            }
        });
        if (!missing.isEmpty()) {
            throw new CliException("required flag(s) \"" + String.join("\", \"", missing) + "\" not set");
        }
        steps.add(new Step(member, args));
        return i;
    }
}
