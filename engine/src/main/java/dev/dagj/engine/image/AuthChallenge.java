package dev.dagj.engine.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed {@code WWW-Authenticate} challenge: the scheme ({@code bearer} or {@code basic}, lower-cased) and its
 * parameters ({@code realm}, {@code service}, {@code scope}, ...). Quoted values may contain commas.
 */
record AuthChallenge(String scheme, Map<String, String> params) {
    static Optional<AuthChallenge> parse(String header) {
        String h = header == null ? "" : header.trim();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            if (j < h.length() && h.charAt(j) == '"') {
                j++;
                while (j < h.length() && h.charAt(j) != '"') {
                    if (h.charAt(j) == '\\' && j + 1 < h.length()) {
                        j++;
                    }
                    value.append(h.charAt(j++));
                }
                j++;
            } else {
                while (j < h.length() && h.charAt(j) != ',') {
                    value.append(h.charAt(j++));
                }
            }
            params.put(key, value.toString().trim());
            i = j;
        }
        return Optional.of(new AuthChallenge(scheme, Map.copyOf(params)));
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }
}
