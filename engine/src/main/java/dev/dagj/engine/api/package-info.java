/**
 * The GraphQL API a session serves: the schema ({@code schema.graphqls}), call IDs and their codec, and the resolvers
 * that translate calls into op vertices. Object-returning fields only translate: each extends the caller's
 * {@link dev.dagj.engine.api.CallId} by one step and replays it through {@link dev.dagj.engine.api.CallTranslator},
 * the same code that loads an ID later, in any session or process. Leaves ({@code entries}, {@code contents},
 * {@code export}, {@code sync}, ...) solve vertices and read the content store. {@link dev.dagj.engine.api.GraphqlApi}
 * is the entry point.
 */
package dev.dagj.engine.api;
