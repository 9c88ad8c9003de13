/**
 * The built-in Go SDK, a PF4J plugin compiled against {@code plugin-api} only. {@link dev.dagj.sdk.go.GoSdk}
 * describes two recipes: code generation (build the bundled generator with a Go toolchain, run it on the module) and
 * the module runtime (compile the module with its generated code into a static {@code /runtime}). The toolchain
 * comes from {@link dev.dagj.sdk.go.GoToolchain}.
 */
package dev.dagj.sdk.go;
