package dev.dagj.resolver;

import dev.dagj.resolver.ref.RefKind;

/**
 * How {@link ModuleResolver#load} treats a ref (Dagger's {@code moduleSource} arguments).
 *
 * @param disableFindUp  do not walk up to a {@code dagger.json} in a parent directory ({@code init}, local deps)
 * @param allowNotExists a local path may not exist yet ({@code init})
 * @param requireKind    fail unless the ref is of this kind; null for any
 */
public record LoadOptions(boolean disableFindUp, boolean allowNotExists, RefKind requireKind) {
    /** Walk up, require existence, any kind: what {@code -m} and the default module use. */
    public static final LoadOptions DEFAULT = new LoadOptions(false, false, null);
    /** What {@code dagger init} uses: no walk-up, the path may be missing. */
    public static final LoadOptions INIT = new LoadOptions(true, true, RefKind.LOCAL);
}
