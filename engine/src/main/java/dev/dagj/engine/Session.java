package dev.dagj.engine;

import dev.dagj.engine.api.GraphqlStrings;
import java.util.List;
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

    /**
     * A module served into the session by {@link #serveModule}.
     *
     * @param name         the module's name from its dagger.json
     * @param objectFields each object the module registers, by name, to its data fields' API (lowerCamel) names
     */
    record Served(String name, Map<String, List<String>> objectFields) {
        public Served {
            objectFields = Map.copyOf(objectFields);
        }
    }

    /**
     * What {@code moduleSource(refString, refPin) { asModule { serve } }} does, for an in-process client: resolves and
     * loads the module, serves it into this session and describes it. Implementations SHOULD do it without running
     * the GraphQL query (the embedded engine then builds its schema once, with the module in it); this default runs
     * the query.
     *
     * @param refPin the pin of a git ref; empty for none
     * @throws EngineException the module cannot be resolved, built or served; the message is the user's
     */
    default Served serveModule(String refString, String refPin) throws EngineException, InterruptedException {
        StringBuilder q = new StringBuilder("{ moduleSource(refString: ").append(GraphqlStrings.literal(refString));
        if (refPin != null && !refPin.isEmpty()) {
            q.append(", refPin: ").append(GraphqlStrings.literal(refPin));
        }
        q.append(") { asModule { name objects { asObject { name fields { name } } } serve } } }");
        Map<String, Object> response = execute(q.toString(), Map.of(), null);
        if (response.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            StringBuilder messages = new StringBuilder();
            for (Object e : errors) {
                Object m = e instanceof Map<?, ?> em ? em.get("message") : null;
                messages.append(messages.isEmpty() ? "" : "\n").append(m == null ? String.valueOf(e) : m);
            }
            throw new EngineException(messages.toString());
        }
        Map<?, ?> module = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) response.get("data")).get("moduleSource"))
                .get("asModule");
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        for (Object o : (List<?>) module.get("objects")) {
            if (((Map<?, ?>) o).get("asObject") instanceof Map<?, ?> obj && obj.get("name") != null) {
                List<String> names = new java.util.ArrayList<>();
                for (Object f : (List<?>) obj.get("fields")) {
                    names.add(String.valueOf(((Map<?, ?>) f).get("name")));
                }
                fields.put(String.valueOf(obj.get("name")), names);
            }
        }
        return new Served(String.valueOf(module.get("name")), fields);
    }

    @Override
    void close();
}
