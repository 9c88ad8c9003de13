/**
 * Sessions: a client's GraphQL endpoint ({@code POST http://127.0.0.1:<port>/query}, Basic auth with the session
 * token as user name) over the core API, plus in-process execution for the CLI. {@link
 * dev.dagj.engine.session.HttpSession} is the implementation of {@link dev.dagj.engine.Session}.
 */
package dev.dagj.engine.session;
