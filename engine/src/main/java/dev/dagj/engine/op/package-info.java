/**
 * Ops are immutable records describing one step of work (upload, make file, copy, merge, ...). A {@link
 * dev.dagj.engine.op.Vertex} wraps an op with its key: SHA-256 over a canonical, versioned encoding of the op's
 * semantic fields and its inputs' keys ({@link dev.dagj.engine.op.OpKeys}). Labels for progress and errors live
 * outside the key ({@link dev.dagj.engine.op.OpLabels}).
 */
package dev.dagj.engine.op;
