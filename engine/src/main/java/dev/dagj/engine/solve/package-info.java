/**
 * The solver: evaluates a DAG of {@link dev.dagj.engine.op.Vertex vertices} once per key, also across concurrent
 * sessions of one engine, runs independent vertices in parallel, and records results in the persistent cache index.
 * {@link dev.dagj.engine.solve.OpEvaluator} is the one dispatch point from op kinds to their evaluation.
 */
package dev.dagj.engine.solve;
