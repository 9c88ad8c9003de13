package dev.dagj.engine.api;

/**
 * Dagger's naming of module types in the API: objects PascalCase, fields, functions and arguments lowerCamel. The
 * PascalCase rules match the Go SDK's code generator ({@code my-module} and {@code my_module} become
 * {@code MyModule}; a run of capitals keeps only its first: {@code MYMod} becomes {@code Mymod}).
 */
final class ModuleNames {
    private ModuleNames() {
    }

    static String pascal(String s) {
        StringBuilder b = new StringBuilder();
        boolean capNext = true;
        boolean prevCap = false;
        for (int i = 0; i < s.length(); i++) {
            char r = s.charAt(i);
            boolean up = r >= 'A' && r <= 'Z';
            boolean low = r >= 'a' && r <= 'z';
            boolean num = r >= '0' && r <= '9';
            if (up || low) {
                if (capNext) {
                    r = Character.toUpperCase(r);
                } else if (prevCap && up) {
                    r = Character.toLowerCase(r);
                }
                b.append(r);
                capNext = false;
            } else if (num) {
                b.append(r);
                capNext = true;
            } else {
                capNext = r == '_' || r == ' ' || r == '-' || r == '.';
                if (!capNext && Character.isLetter(r)) {
                    b.append(r);
                }
            }
            prevCap = up;
        }
        return b.toString();
    }

    /**
     * lowerCamel of an identifier: the leading run of capitals is lower-cased, except the last one when a lower-case
     * letter follows ({@code ContainerEcho} → {@code containerEcho}, {@code URLPath} → {@code urlPath},
     * {@code ID} → {@code id}); separators are removed as in {@link #pascal}.
     */
    static String lowerCamel(String s) {
        String p = s.chars().anyMatch(c -> c == '-' || c == '_' || c == ' ' || c == '.') ? pascal(s) : s;
        int run = 0;
        while (run < p.length() && Character.isUpperCase(p.charAt(run))) {
            run++;
        }
        if (run == 0) {
            return p;
        }
        if (run > 1 && run < p.length() && Character.isLowerCase(p.charAt(run))) {
            run--;
        }
        return p.substring(0, run).toLowerCase(java.util.Locale.ROOT) + p.substring(run);
    }
}
