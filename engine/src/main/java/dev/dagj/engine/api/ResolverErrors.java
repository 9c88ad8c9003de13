package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a resolver's exception into a GraphQL error with the field's path and location. An {@link EngineException}
 * message is written for the user and goes out as is; anything else is an internal error, reported by its message
 * without Java class names or stack traces.
 */
final class ResolverErrors implements DataFetcherExceptionHandler {
    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters p) {
        Throwable t = p.getException();
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        GraphqlErrorBuilder<?> b = GraphqlErrorBuilder.newError().message("%s", message(t, p)).path(p.getPath())
                .location(p.getSourceLocation());
        if (t instanceof ExtendedApiException x && !x.extensions().isEmpty()) {
            b.extensions(x.extensions());
        }
        GraphQLError error = b.build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }

    private static String message(Throwable t, DataFetcherExceptionHandlerParameters p) {
        if (t instanceof EngineException) {
            return t.getMessage();
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return "the request was interrupted";
        }
        String where = p.getFieldDefinition() == null ? "" : " in field " + p.getFieldDefinition().getName();
        return "internal error" + where + ": " + (t.getMessage() == null ? "unexpected failure" : t.getMessage());
    }
}
