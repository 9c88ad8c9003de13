package dev.dagj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The name conversions Dagger's CLI and schema use: API names are lowerCamel ({@code containerEcho}), the CLI shows
 * and accepts kebab-case ({@code container-echo}), a module named {@code my-module} has the main object
 * {@code MyModule} exposed as {@code Query.myModule}.
 */
final class Names {
    private Names() {
    }

    /** {@code containerEcho -> container-echo}, {@code withHTTPHeader -> with-http-header}, {@code fn_a -> fn-a}. */
    static String kebab(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == ' ' || c == '.') {
                c = '-';
            }
            if (Character.isUpperCase(c) && i > 0) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextLower)) {
                    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
                        sb.append('-');
                    }
                }
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** {@code my-module -> MyModule}, {@code hello_world -> HelloWorld}, {@code myMod -> MyMod}. */
    static String pascal(String name) {
        StringBuilder sb = new StringBuilder();
        for (String word : words(name)) {
            sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return sb.toString();
    }

    /** {@code my-module -> myModule}, {@code MyMod -> myMod}. */
    static String lowerCamel(String name) {
        String p = pascal(name);
        if (p.isEmpty()) {
            return p;
        }
        int upper = 0;
        while (upper < p.length() && Character.isUpperCase(p.charAt(upper))) {
            upper++;
        }
        // "HTTPServer" -> "httpServer": an acronym at the start is lowered except the letter that starts the next word.
        int cut = upper <= 1 || upper == p.length() ? upper : upper - 1;
        return p.substring(0, cut).toLowerCase(Locale.ROOT) + p.substring(cut);
    }

    private static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        for (String w : name.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
