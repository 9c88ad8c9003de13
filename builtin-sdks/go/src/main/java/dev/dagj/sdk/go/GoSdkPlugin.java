package dev.dagj.sdk.go;

import org.pf4j.Plugin;

/** The PF4J plugin class of the Go SDK jar ({@code Plugin-Class}); the work is done by the {@link GoSdk} extension. */
public final class GoSdkPlugin extends Plugin {
}
