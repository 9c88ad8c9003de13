package dev.dagj.plugin;

import org.pf4j.ExtensionPoint;

/**
 * A built-in SDK. Implementations MUST be stateless and thread-safe; MUST return a stable {@link #name()} (the value
 * of {@code sdk.source} in dagger.json, e.g. "go"); and MUST change {@link #version()} whenever anything that affects
 * generated code or runtime recipes changes, because the engine keys its caches on it. They MAY implement any subset
 * of the capability interfaces in this package.
 */
public interface SdkPlugin extends ExtensionPoint {
    String name();

    String version();
}
