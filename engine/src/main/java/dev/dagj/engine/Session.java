package dev.dagj.engine;

import java.util.Map;

/**
 * One client's connection to the engine: a GraphQL endpoint at {@code http://127.0.0.1:<port>/query} that accepts
 * Basic auth with {@link #token()} as the user name and an empty password, plus in-process execution for the CLI.
 * Closing stops the listener; results already in the store stay.
 */
public interface Session extends AutoCloseable {
    int port();

    String token();

    /**
     * Executes one GraphQL request in this session and returns the response map ({@code data}, and {@code errors}
     * when there are any) exactly as it would be sent over HTTP.
     */
    Map<String, Object> execute(String query, Map<String, Object> variables, String operationName)
            throws InterruptedException;

    @Override
    void close();
}
