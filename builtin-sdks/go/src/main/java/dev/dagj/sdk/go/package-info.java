/** The built-in Go SDK, a PF4J plugin compiled against {@code plugin-api} only. Filled in by the module work. */
package dev.dagj.sdk.go;
