package dev.dagj.engine.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.module.ModuleBuilds;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Responses to introspection-only requests (every top-level selection is {@code __schema}, {@code __type} or
 * {@code __typename}), kept in the engine's index under the identity of the schema that answered them, so a warm CLI
 * run reads the API it already described instead of walking the schema again (cold, that walk is the costliest part
 * of a warm {@code dagger call}). Such a response depends only on the schema and the request text; a request with
 * variables or a response with errors is never kept.
 */
final class IntrospectionCache {
    private static final String DOMAIN = "dagj-introspection-response/v1";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ModuleBuilds index;
    private final ObjectMapper json = new ObjectMapper();

    IntrospectionCache(ModuleBuilds index) {
        this.index = index;
    }

    /** The index results are kept in. */
    ModuleBuilds index() {
        return index;
    }

    /** Where the response to {@code query} on the schema {@code schema} is kept, or null when it is not kept. */
    static Digest key(Digest schema, String query, Map<String, Object> variables, String operationName) {
        if (schema == null || (variables != null && !variables.isEmpty()) || !introspectionOnly(query)) {
            return null;
        }
        return new CanonicalEncoder(DOMAIN).digest(schema).string(query)
                .string(operationName == null ? "" : operationName).digest();
    }

    /** Whether every operation of {@code query} selects only introspection fields at its top level. */
    static boolean introspectionOnly(String query) {
        if (!query.contains("__schema") && !query.contains("__type")) {
            return false;
        }
        Document doc;
        try {
            doc = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        List<OperationDefinition> ops = doc.getDefinitionsOfType(OperationDefinition.class);
        if (ops.isEmpty()) {
            return false;
        }
        for (OperationDefinition op : ops) {
            if (op.getOperation() != OperationDefinition.Operation.QUERY) {
                return false;
            }
            for (Selection<?> s : op.getSelectionSet().getSelections()) {
                if (!(s instanceof Field f) || !f.getName().startsWith("__")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The kept response under {@code key}, or null. */
    Map<String, Object> lookup(Digest key) throws EngineException {
        byte[] kept = index.lookup(key);
        if (kept == null) {
            return null;
        }
        try {
            return json.readValue(kept, MAP);
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps {@code response} under {@code key} when it has no errors. */
    void record(Digest key, Map<String, Object> response) throws EngineException {
        if (response.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            return;
        }
        try {
            index.record(key, json.writeValueAsBytes(response));
        } catch (IOException e) {
            throw new EngineException("cannot keep an introspection response: " + e.getMessage(), e);
        }
    }
}
