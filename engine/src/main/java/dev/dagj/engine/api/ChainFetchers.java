package dev.dagj.engine.api;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;

/**
 * The data fetcher of every object-returning field: extends the receiver's ID by this call and translates it with
 * {@link CallTranslator#apply}, nothing else.
 */
final class ChainFetchers {
    private final CallTranslator translator;

    ChainFetchers(CallTranslator translator) {
        this.translator = translator;
    }

    /** The session's translator, for resolvers that load an ID argument themselves. */
    CallTranslator translator() {
        return translator;
    }

    /** The fetcher recording the call's arguments as given. */
    DataFetcher<ApiObject> plain() {
        return env -> chain(env, CallArgs.of(env));
    }

    /** Extends the receiver's ID by this field with {@code args} and returns what the step makes. */
    ApiObject chain(DataFetchingEnvironment env, List<CallId.Arg> args) throws ApiException {
        ApiObject parent = env.getSource() instanceof ApiObject o ? o : null;
        String type = ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(env.getFieldType())).getName();
        CallId call = new CallId(parent == null ? null : parent.id(), type, env.getFieldDefinition().getName(), args);
        return translator.apply(parent, call);
    }
}
