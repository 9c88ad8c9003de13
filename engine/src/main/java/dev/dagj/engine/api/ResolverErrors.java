package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.container.ExecFailedException;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * without Java class names or stack traces. A failed exec carries Dagger's {@code EXEC_ERROR} extensions
 * ({@code _type}, {@code cmd}, {@code exitCode}, {@code stdout}, {@code stderr}), which the SDKs turn into ExecError.
 */
final class ResolverErrors implements DataFetcherExceptionHandler {
    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters p) {
        Throwable t = p.getException();
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        ExecFailedException exec = execFailure(t);
        GraphqlErrorBuilder<?> b = GraphqlErrorBuilder.newError().message("%s", exec != null ? exec.getMessage()
                : message(t, p)).path(p.getPath()).location(p.getSourceLocation());
        if (exec != null) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("_type", "EXEC_ERROR");
            ext.put("cmd", exec.cmd());
            ext.put("exitCode", exec.exitCode());
            ext.put("stdout", exec.stdout());
            ext.put("stderr", exec.stderr());
            b.extensions(ext);
        } else if (t instanceof ExtendedApiException x && !x.extensions().isEmpty()) {
            b.extensions(x.extensions());
        }
        GraphQLError error = b.build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }

    /** The failed exec behind {@code t} (the solver wraps it), or null. */
    private static ExecFailedException execFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ExecFailedException e) {
                return e;
            }
        }
        return null;
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
