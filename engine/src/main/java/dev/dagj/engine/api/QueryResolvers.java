package dev.dagj.engine.api;

import dev.dagj.engine.Engine;
import graphql.schema.DataFetchingEnvironment;

/** The leaves of {@code Query}: the version and loading objects from IDs. */
final class QueryResolvers {
    private final CallTranslator translator;

    QueryResolvers(CallTranslator translator) {
        this.translator = translator;
    }

    String version(DataFetchingEnvironment env) {
        return Engine.DAGGER_VERSION;
    }

    /** {@code load<Type>FromID(id:)}: the object the ID names, checked to be a {@code type}. */
    ApiObject load(DataFetchingEnvironment env, String type) throws ApiException {
        String field = env.getFieldDefinition().getName();
        CallId id = decode(field, env.getArgument("id"));
        return translator.load(id, type, field);
    }

    /** {@code node(id:)}: any object with an ID. */
    ApiObject node(DataFetchingEnvironment env) throws ApiException {
        CallId id = decode("node", env.getArgument("id"));
        ApiObject o = translator.replay(id);
        if (o instanceof ApiObject.HostObject) {
            throw new ApiException("node: the ID is a Host ID, and Host is not a Node");
        }
        return o;
    }

    private static CallId decode(String field, String text) throws ApiException {
        try {
            return IdCodec.decode(text);
        } catch (ApiException e) {
            throw new ApiException(field + ": " + e.getMessage(), e);
        }
    }
}
