package dev.dagj.engine.exec;

import java.util.Locale;

/** Which backend {@link ExecutorSelection} uses. */
public enum BackendPreference {
    /** bwrap when the request allows it (no uid switch, no limits, safe mount targets), runc otherwise. */
    AUTO,
    /** Always runc. */
    RUNC,
    /** Always bwrap; requests bwrap cannot honour fail with {@link UnsupportedRequestException}. */
    BWRAP;

    /** The environment variable the CLI reads a preference from. */
    public static final String ENV = "DAGJ_EXEC_BACKEND";

    /** Parses {@code auto}, {@code runc} or {@code bwrap} (any case); blank or null means {@link #AUTO}. */
    public static BackendPreference parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "runc" -> RUNC;
            case "bwrap", "bubblewrap" -> BWRAP;
            default -> throw new IllegalArgumentException(
                    "unknown executor backend \"" + value + "\" (" + ENV + "): use auto, runc or bwrap");
        };
    }
}
