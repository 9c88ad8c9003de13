/** The built-in Python SDK, a PF4J plugin compiled against {@code plugin-api} only. Filled in by its issue. */
package dev.dagj.sdk.python;
