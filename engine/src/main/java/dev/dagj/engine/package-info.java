/**
 * The engine: ops and their keys ({@code op}), the content store ({@code store}), the solver ({@code solve}), the
 * GraphQL API ({@code api}) and the sessions that serve it ({@code session}). {@link dev.dagj.engine.Engine} wires
 * them for one state directory.
 */
package dev.dagj.engine;
