package dev.dagj.resolver.config;

import dev.dagj.resolver.ResolverException;
import java.util.Objects;

/**
 * The version of the running engine (passed in by the caller, e.g. {@code v0.19.11}) and the rules that relate a
 * module's {@code engineVersion} to it.
 *
 * @param current the engine's own version, a valid semver
 */
public record EngineVersion(String current) {
    /** The value of {@code engineVersion} that means "the engine that writes this". */
    public static final String LATEST = "latest";
    /** The version modules without an {@code engineVersion} are treated as (the one that introduced the field). */
    public static final String MINIMUM_MODULE_VERSION = "v0.9.9";
    /** The guess for pre-semver version strings. */
    public static final String PRE_SEMVER_MODULE_VERSION = "v0.11.9";
    /** From this module version on, functions are cached persistently by default. */
    public static final String DEFAULT_FUNCTION_CACHING_VERSION = "v0.19.4";

    public EngineVersion {
        Objects.requireNonNull(current, "current");
        if (!Semver.isValid(current)) {
            throw new IllegalArgumentException("engine version " + current + " is not a semver");
        }
    }

    /**
     * Dagger's {@code NormalizeVersion}: a missing {@code v} is added, "" becomes the current engine version and a
     * non-semver (including {@code latest}) becomes {@value #PRE_SEMVER_MODULE_VERSION}.
     */
    public String normalize(String version) {
        String v = Semver.isValid("v" + version) ? "v" + version : version;
        if (v.isEmpty()) {
            return current;
        }
        return Semver.isValid(v) ? v : PRE_SEMVER_MODULE_VERSION;
    }

    /**
     * The version a module is treated as: "" means {@value #MINIMUM_MODULE_VERSION}, {@code latest} means the
     * current engine, then {@link #normalize}.
     */
    public String effective(String configured) {
        if (configured.isEmpty()) {
            return MINIMUM_MODULE_VERSION;
        }
        if (configured.equals(LATEST)) {
            return current;
        }
        return normalize(configured);
    }

    /**
     * Fails with {@code module requires dagger vX, but you have vY} when the configured version is newer than this
     * engine (pre-release and build of the engine ignored).
     */
    public void checkSupported(String configured, String origin) throws ResolverException {
        String wanted = normalize(configured);
        String base = Semver.parse(current).orElseThrow().base();
        if (Semver.compare(wanted, base) > 0) {
            throw new ResolverException(origin, "module requires dagger " + wanted + ", but you have " + current);
        }
    }

    /** Whether a module at this configured version caches functions by default (absent an explicit setting). */
    public boolean cachesFunctionsByDefault(String configured) {
        String v = Semver.parse(effective(configured)).map(Semver::base).orElse(configured);
        return Semver.compare(v, DEFAULT_FUNCTION_CACHING_VERSION) >= 0;
    }
}
